package com.vobizrouter.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import com.vobizrouter.testsupport.RequiresBrowser;
import com.vobizrouter.testsupport.RouterTest;
import com.vobizrouter.testsupport.WebhookClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The delivery console in a real headless Chromium: it loads, shows an event sent in the test
 * once the operator enters the admin token, and its Replay button sends a dead letter again.
 */
@RequiresBrowser
@RouterTest({
    "router.webhook.secrets=whsec_console",
    "router.admin.token=console-token",
    "spring.datasource.url=jdbc:h2:mem:console;DB_CLOSE_DELAY=-1",
    "router.dispatch.poll-interval=50",
    "logging.level.com.vobizrouter=ERROR"
})
@Tag("slow")
class ConsoleBrowserTest {

    @LocalManagementPort
    int managementPort;

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
                "SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, dead) == 1);

        browser.get("http://127.0.0.1:" + managementPort + "/console");
        assertThat(browser.getTitle()).contains("delivery console");
        WebElement token = browser.findElement(By.id("token"));
        token.sendKeys("console-token");
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
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ? AND replayed_at IS NOT NULL", Long.class, dead))
                    .isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter WHERE event_id = ?", Long.class, dead))
                    .as("delivered again, and refused again by the same sink").isEqualTo(2);
        });
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
