package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.vobizrouter.VobizRouterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A misconfigured router does not start, and says in one line which key to fix, without
 * printing any secret: for checks made in code, for a record's constraints and for a value
 * that cannot be read, never Spring Boot's own multi-line binding report.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

    @Test
    void refusesToStartWithoutAWebhookSecret(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.webhook.secrets", "--router.webhook.secrets=");
    }

    @Test
    void refusesToStartWithUnsignedRequestsAllowedOutsideTheDemoProfile(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.webhook.allow-unsigned", "--router.webhook.secrets=",
                "--router.webhook.allow-unsigned=true");
    }

    @Test
    void refusesToStartWithAMalformedCidrAndDoesNotPrintTheSecret(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.webhook.allowed-cidrs", "--router.webhook.secrets=top-secret-value",
                "--router.webhook.allowed-cidrs=10.0.0.0/8,300.1.2.3/24");
        assertThat(output.getAll()).doesNotContain("top-secret-value");
    }

    @Test
    void refusesToStartWithAnEventTypeThatIsNotAName(CapturedOutput output) {
        assertStartupFails(output, BindValidationException.class, "router.events.enabled", "--router.webhook.secrets=s",
                "--router.events.enabled=message.received,message exploded");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "router.dispatch.poll-interval, 0, must be at least 1ms",
        "router.dispatch.lease, 500ms, must be at least 1s",
        "router.dispatch.parked-recheck, 0s, must be at least 1s",
        "router.health.backlog-max-size, 0, must be at least 1",
        "router.health.backlog-max-age, 0s, must be positive",
        "router.admin.rejections-max, -1, must not be negative",
        "router.admin.rejections-retention, 0s, must be positive",
    })
    void refusesToStartWithASettingOutsideItsLimits(String key, String value, String problem, CapturedOutput output) {
        assertStartupFails(output, BindValidationException.class, key, "--router.webhook.secrets=top-secret-value",
                "--router.admin.token=adm1n-t0ken-for-tests", "--" + key + "=" + value);
        assertThat(output.getAll()).contains("Invalid setting " + key + ": " + problem + System.lineSeparator())
                .doesNotContain("top-secret-value").doesNotContain("adm1n-t0ken-for-tests");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"salesforce", "zendesk"})
    void refusesToStartWithoutTheMappingOfABuiltInBusinessSystemNamingTheKey(String destination, CapturedOutput output, @TempDir Path folder)
            throws IOException {
        Path withoutIt = folder.resolve("application.yaml");
        Files.writeString(withoutIt, withoutDestination(Files.readString(Path.of("application.yaml")), destination));
        String key = "router.destinations." + destination + ".mapping";
        assertStartupFails(output, InvalidSettingException.class, key, "--router.webhook.secrets=s", "--spring.config.location=file:" + withoutIt);
        assertThat(output.getAll()).contains("Invalid setting " + key + ": is required");
    }

    /** The shipped settings without the block of {@code router.destinations.<name>}. */
    private static String withoutDestination(String yaml, String name) {
        StringBuilder kept = new StringBuilder();
        boolean inDestinations = false;
        boolean skipping = false;
        for (String line : yaml.split("\n", -1)) {
            if (skipping && (line.isBlank() || line.startsWith("     "))) {
                continue;
            }
            skipping = false;
            if (!line.startsWith(" ") && !line.isBlank()) {
                inDestinations = false;
            }
            if (line.equals("  destinations:")) {
                inDestinations = true;
            } else if (inDestinations && line.equals("    " + name + ":")) {
                skipping = true;
                continue;
            }
            kept.append(line).append('\n');
        }
        assertThat(kept.toString()).as("application.yaml has router.destinations." + name).isNotEqualTo(yaml + "\n");
        // A destinations key left with nothing under it would be an empty value, not an empty map.
        return kept.toString().replaceFirst("\n  destinations:\n((  #[^\n]*\n)*)(?!    )", "\n$1");
    }

    @Test
    void refusesToStartWithAnAdminTokenShorterThan16CharactersWithoutPrintingIt(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.admin.token", "--router.webhook.secrets=s",
                "--router.admin.token=fifteen-chars-x");
        assertThat(output.getAll()).contains("Invalid setting router.admin.token: must be at least 16 characters")
                .doesNotContain("fifteen-chars-x");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "router.webhook.max-event-age, 7d, must be shorter than router.dedup.retention (7d)",
        "router.webhook.max-event-age, 30d, must be shorter than router.dedup.retention (7d)",
        "router.webhook.max-event-age, 0s, must be a positive duration such as 3d",
        "router.webhook.max-event-age, -1h, must be a positive duration such as 3d",
        "router.sources.partner.max-event-age, 8d, must be shorter than router.dedup.retention (7d)",
        "router.sources.partner.max-event-age, 0s, must be a positive duration such as 3d",
    })
    void refusesToStartWithAFreshnessWindowThatIsNotPositiveOrNotShorterThanTheDedupRetention(String key, String value,
            String problem, CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, key, "--router.webhook.secrets=top-secret-value",
                "--router.sources.partner.path=/webhooks/partner", "--router.sources.partner.profile=vobiz-messaging",
                "--router.sources.partner.secrets=partner-secret", "--" + key + "=" + value);
        assertThat(output.getAll()).contains("Invalid setting " + key + ": " + problem)
                .doesNotContain("top-secret-value").doesNotContain("partner-secret");
    }

    @Test
    void refusesToStartWithASourceThatWouldTakeNoEventInARequest(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.sources.meta.max-events", "--router.webhook.secrets=s",
                "--router.sources.meta.path=/webhooks/meta", "--router.sources.meta.profile=meta-whatsapp",
                "--router.sources.meta.secrets=app-secret-value", "--router.sources.meta.verify-token=verify",
                "--router.sources.meta.max-events=0");
        assertThat(output.getAll()).contains("Invalid setting router.sources.meta.max-events: must be at least 1")
                .doesNotContain("app-secret-value");
    }

    @Test
    void refusesToStartWithADestinationOfAnUnknownKind(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.helpdesk.kind", "--router.webhook.secrets=s",
                "--router.destinations.helpdesk.kind=smtp");
    }

    @Test
    void refusesToStartWithAnHttpDestinationWithoutAUrlAndDoesNotPrintItsSecret(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.chatbot.url", "--router.webhook.secrets=s",
                "--router.destinations.chatbot.kind=http", "--router.destinations.chatbot.bearer-token=bearer-secret-value");
        assertThat(output.getAll()).doesNotContain("bearer-secret-value");
    }

    @Test
    void refusesToStartWithAKafkaDestinationWithoutBrokersOrWithABadTopic(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.ledger.brokers", "--router.webhook.secrets=s",
                "--router.destinations.ledger.kind=kafka", "--router.destinations.ledger.topic=router.events");
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.ledger.topic", "--router.webhook.secrets=s",
                "--router.destinations.ledger.kind=kafka", "--router.destinations.ledger.brokers=kafka-1:9092",
                "--router.destinations.ledger.topic=router/events");
    }

    @Test
    void refusesToStartWithAMappingThatDoesNotCompileNamingTheDestinationAndKey(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.chatbot.mapping", "--router.webhook.secrets=s",
                "--router.destinations.chatbot.kind=http", "--router.destinations.chatbot.url=https://x.example",
                "--router.destinations.chatbot.mapping={text: .data.text");
        assertThat(output.getAll()).contains("Invalid setting router.destinations.chatbot.mapping: is not a jq program");
    }

    @Test
    void refusesToStartWithASqlDestinationWithoutAStatement(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "router.destinations.orders.statement", "--router.webhook.secrets=s",
                "--router.destinations.orders.kind=sql", "--router.destinations.orders.url=jdbc:h2:mem:orders",
                "--router.destinations.orders.password=db-secret-value", "--router.destinations.orders.username=orders");
        assertThat(output.getAll()).doesNotContain("db-secret-value");
    }

    @Test
    void refusesToStartWithADestinationNameThatIsNotLowerCaseLettersAndDigits(CapturedOutput output) {
        startupFailure(output, "router.destinations.help-desk", "--router.webhook.secrets=s", "--router.destinations[help-desk].kind=http",
                "--router.destinations[help-desk].url=https://x.example");
        assertThat(output.getAll()).contains("Invalid setting router.destinations.help-desk: a destination name is 1 to 32 lower-case "
                + "letters and digits");
    }

    @Test
    void refusesToStartWithADurationThatCannotBeRead(CapturedOutput output) {
        Throwable failure = startupFailure(output, "router.dispatch.lease", "--router.webhook.secrets=s", "--router.dispatch.lease=soon");
        assertThat(failure).hasStackTraceContaining(BindException.class.getName());
        assertThat(output.getAll()).contains("Invalid setting router.dispatch.lease: must be a duration such as 500ms, 30s, 5m or PT5M (was 'soon')");
    }

    @Test
    void refusesToStartWithASalesforceApiVersionThatIsNotAVersion(CapturedOutput output) {
        assertStartupFails(output, InvalidSettingException.class, "camel.component.salesforce.api-version", "--router.webhook.secrets=s",
                "--camel.component.salesforce.api-version=latest");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "management.tracing.sampling.probability, 1.5",
        "management.tracing.sampling.probability, half",
        "management.otlp.tracing.endpoint, ftp://collector/v1/traces",
        "management.otlp.tracing.endpoint, collector:4318"
    })
    void refusesToStartWithTracingOnAndASamplingShareOrExportUrlItCannotUse(String key, String value, CapturedOutput output) {
        // Checked before any bean is made (Spring Boot's tracer is among the first), so the refusal is not wrapped.
        assertThat(startupFailure(output, key, "--router.webhook.secrets=s", "--management.tracing.enabled=true", "--" + key + "=" + value))
                .isInstanceOf(InvalidSettingException.class);
    }

    /** Start-up with these arguments fails with {@code rootCause} and reports {@code key} in one line. */
    private static void assertStartupFails(CapturedOutput output, Class<? extends Throwable> rootCause, String key, String... args) {
        assertThat(startupFailure(output, key, args)).hasRootCauseInstanceOf(rootCause);
    }

    private static Throwable startupFailure(CapturedOutput output, String key, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--spring.datasource.url=jdbc:h2:mem:refusal;DB_CLOSE_DELAY=-1";
        System.arraycopy(args, 0, all, 3, args.length);

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(VobizRouterApplication.class).run(all));
        assertThat(failure).as("start-up with " + String.join(" ", args)).isNotNull();
        assertThat(output.getAll()).contains("Invalid setting " + key + ": ")
                .doesNotContain("Failed to bind properties").doesNotContain("Binding to target");
        return failure;
    }
}
