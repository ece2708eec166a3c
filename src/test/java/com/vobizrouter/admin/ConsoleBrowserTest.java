package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.vobizrouter.testsupport.RequiresBrowser;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery console in a real headless Chromium: it loads, shows an event sent in the test
 * once the operator enters the admin token, its Replay button sends a dead letter again, its
 * source selector narrows every list to one of the router's two sources, and its Sinks panel
 * shows each API-limited sink's state and calls a minute as a chart.
 */
@RequiresBrowser
@RouterTest({
    "router.webhook.secrets=whsec_console",
    "router.sources.messaging.path=/webhooks/vobiz-messaging",
    "router.sources.messaging.profile=vobiz-messaging",
    "router.sources.messaging.secrets=" + ConsoleBrowserTest.MESSAGING_SECRET,
    "router.sources.messaging.events=*",
    "router.admin.token=console-token-for-tests",
    "spring.datasource.url=jdbc:h2:mem:console;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@Tag("slow")
class ConsoleBrowserTest {

    static final String MESSAGING_SECRET = "whsub_console";
    private static final int SOURCE_COLUMN = 1;

    @LocalManagementPort
    int managementPort;

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    WebDriver browser;

    @BeforeEach
    void openBrowser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(RequiresBrowser.CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(RequiresBrowser.CHROMEDRIVER))
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void showsAnEventSentInTheTestAndReplaysADeadLetter(WebhookClient vobiz) {
        String dead = "evt_console_" + UUID.randomUUID();
        // A status event without message_id cannot be mapped: it becomes a dead letter at once.
        vobiz.post("{\"event\":\"message.read\",\"event_id\":\"" + dead + "\",\"data\":{}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, "vobiz:" + dead) == 1);

        browser.get("http://127.0.0.1:" + managementPort + "/console");
        assertThat(browser.getTitle()).contains("delivery console");
        WebElement token = browser.findElement(By.id("token"));
        token.sendKeys("console-token-for-tests");
        browser.findElement(By.id("refresh")).click();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(page -> page.findElement(By.id("events")).getText().contains(dead));
        assertThat(browser.findElement(By.id("readiness")).getText()).contains("waiting in inbox");
        assertThat(browser.findElement(By.id("sinks")).getText()).contains("salesforce").contains("parked");
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();

        WebElement replay = wait.until(page -> page.findElements(By.cssSelector("#dead button[data-dead-letter]")).stream()
                .filter(button -> button.findElement(By.xpath("./ancestor::tr")).getText().contains(dead)).findFirst().orElse(null));
        replay.click();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ? AND replayed_at IS NOT NULL", Long.class, "vobiz:" + dead))
                    .isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, "vobiz:" + dead))
                    .as("delivered again, and refused again by the same sink").isEqualTo(2);
        });
    }

    @Test
    void aDryRunShowsWhatEachDestinationWouldReceiveForRecordedEvents(WebhookClient vobiz) {
        String id = "evt_console_dry_" + UUID.randomUUID();
        vobiz.post("{\"event\":\"campaign.completed\",\"event_id\":\"" + id + "\",\"data\":{\"campaign_id\":\"cmp_console\",\"total\":3}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM inbox_event WHERE event_id = ? AND destinations IS NOT NULL", Long.class, "vobiz:" + id) == 1);

        browser.get("http://127.0.0.1:" + managementPort + "/console");
        browser.findElement(By.id("token")).sendKeys("console-token-for-tests");
        browser.findElement(By.id("dry-run-type")).sendKeys("campaign.completed");
        WebElement limit = browser.findElement(By.id("dry-run-limit"));
        limit.clear();
        limit.sendKeys("1000");
        browser.findElement(By.id("dry-run-start")).click();

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.until(page -> page.findElement(By.id("dry-run-results")).getText().contains("vobiz:" + id));
        String results = browser.findElement(By.id("dry-run-results")).getText();
        assertThat(results).contains("campaignresult").contains("cmp_console").contains("analytics");
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();
    }

    @Test
    void narrowsEventsDeadLettersAndRejectionsToTheChosenSource(WebhookClient vobiz) {
        WebhookClient messaging = new WebhookClient(port, "/webhooks/vobiz-messaging", WebhookClient.Scheme.VOBIZ_MESSAGING, MESSAGING_SECRET);
        String vobizDead = "evt_console_vobiz_" + UUID.randomUUID();
        String messagingDead = "evt_console_messaging_" + UUID.randomUUID();
        // A read status without message_id cannot be mapped, whichever source it came through.
        vobiz.post("{\"event\":\"message.read\",\"event_id\":\"" + vobizDead + "\",\"data\":{}}");
        messaging.post("{\"event_id\":\"" + messagingDead + "\",\"event_type\":\"message.read\",\"payload\":{}}");
        new WebhookClient(port, "/webhooks/vobiz", WebhookClient.Scheme.VOBIZ_LEGACY, "whsec_forged").post("{}");
        new WebhookClient(port, "/webhooks/vobiz-messaging", WebhookClient.Scheme.VOBIZ_MESSAGING, "whsub_forged").post("{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM dead_letter WHERE event_id IN (?, ?)", Long.class, "vobiz:" + vobizDead, "messaging:" + messagingDead) == 2);

        browser.get("http://127.0.0.1:" + managementPort + "/console");
        browser.findElement(By.id("token")).sendKeys("console-token-for-tests");
        browser.findElement(By.id("refresh")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        // The lists are redrawn on every refresh, so a row may go stale while it is read.
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(page -> List.of("events", "dead", "rejections").stream()
                .allMatch(list -> sourceColumn(list).containsAll(List.of("vobiz", "messaging"))));
        assertThat(browser.findElement(By.id("events")).getText()).contains(vobizDead).contains(messagingDead);

        wait.until(page -> page.findElement(By.cssSelector("#source option[value=messaging]")));
        Select source = new Select(browser.findElement(By.id("source")));
        assertThat(source.getOptions()).extracting(option -> option.getDomProperty("value")).containsExactly("", "vobiz", "messaging");
        source.selectByValue("messaging");

        wait.until(page -> everyListShowsOnly("messaging"));
        assertThat(browser.findElement(By.id("events")).getText()).contains(messagingDead).doesNotContain(vobizDead);
        assertThat(browser.findElement(By.id("dead")).getText()).contains(messagingDead).doesNotContain(vobizDead);

        source.selectByValue("vobiz");
        wait.until(page -> everyListShowsOnly("vobiz"));
        assertThat(browser.findElement(By.id("events")).getText()).contains(vobizDead).doesNotContain(messagingDead);
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();
    }

    /** Whether events, dead letters and rejections each show rows, all of them of this source. */
    private boolean everyListShowsOnly(String source) {
        return List.of("events", "dead", "rejections").stream().map(this::sourceColumn)
                .allMatch(column -> !column.isEmpty() && column.stream().allMatch(source::equals));
    }

    /** The source cell of every row of one of the console's lists. */
    private List<String> sourceColumn(String table) {
        return browser.findElements(By.cssSelector("#" + table + " tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).get(SOURCE_COLUMN).getText()).toList();
    }

    @Test
    void showsEachApiLimitedSinkWithItsStateWaitingEventsAndACallsChartWithItsLimit() {
        browser.get("http://127.0.0.1:" + managementPort + "/console");
        browser.findElement(By.id("token")).sendKeys("console-token-for-tests");
        browser.findElement(By.id("refresh")).click();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(page -> page.findElements(By.cssSelector("#sinks .sink[data-sink=zendesk] svg rect.bar")).size() == 15);

        // The console redraws the cards on every refresh: a card read across a redraw goes stale and
        // is read again (the wait ignores only that); a wrong card fails at once.
        wait.until(page -> sinkCardsShowParkedSinksAndZendesksLimit());
    }

    private boolean sinkCardsShowParkedSinksAndZendesksLimit() {
        for (String sink : List.of("salesforce", "zendesk")) {
            WebElement card = browser.findElement(By.cssSelector("#sinks .sink[data-sink=" + sink + "]"));
            assertThat(card.findElements(By.cssSelector("svg rect.bar"))).as(sink + ": a bar a minute").hasSize(15)
                    .allSatisfy(bar -> assertThat(bar.getDomAttribute("data-calls")).as("no credentials, no calls").isEqualTo("0"));
            WebElement state = card.findElement(By.cssSelector(".state"));
            assertThat(state.getText()).as(sink + " has no credentials here").isEqualTo("parked");
            assertThat(state.getCssValue("background-color")).as("grey").isEqualTo("rgba(236, 239, 243, 1)");
            assertThat(card.findElement(By.cssSelector(".backlog")).getText()).matches("waiting: \\d+");
        }
        assertThat(browser.findElements(By.cssSelector("#sinks .sink[data-sink=zendesk] svg line.limit")))
                .as("Zendesk's limit of 400 a minute").hasSize(1);
        assertThat(browser.findElement(By.cssSelector("#sinks .sink[data-sink=zendesk] svg")).getText()).contains("limit 400/min");
        assertThat(browser.findElements(By.cssSelector("#sinks .sink[data-sink=salesforce] svg line.limit")))
                .as("no Salesforce limit is set").isEmpty();
        for (String table : List.of("analytics", "messagestatus", "campaignresult")) {
            assertThat(browser.findElements(By.cssSelector("#sinks .sink[data-sink=" + table + "] .state")))
                    .as("every destination has its card, the router's tables too").hasSize(1);
            assertThat(browser.findElements(By.cssSelector("#sinks .sink[data-sink=" + table + "] svg line.limit")))
                    .as("no limit on the router's own tables").isEmpty();
        }
        assertThat(browser.findElement(By.id("pending")).getText()).matches("\\d+");
        assertThat(browser.findElement(By.id("message")).getText()).isEmpty();
        return true;
    }

    @Test
    void saysSoWhenTheTokenIsWrong() {
        browser.get("http://127.0.0.1:" + managementPort + "/console");
        browser.findElement(By.id("token")).sendKeys("not-the-token");
        browser.findElement(By.id("refresh")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(page -> page.findElement(By.id("message")).getText().contains("token is missing or wrong"));
    }
}
