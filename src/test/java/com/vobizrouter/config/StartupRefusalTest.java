package com.vobizrouter.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vobizrouter.VobizRouterApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A misconfigured router does not start, and says in one line which key to fix, without
 * printing any secret.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupRefusalTest {

    @Test
    void refusesToStartWithoutAWebhookSecret(CapturedOutput output) {
        assertStartupFails(output, "router.webhook.secrets", "--router.webhook.secrets=");
    }

    @Test
    void refusesToStartWithAMalformedCidrAndDoesNotPrintTheSecret(CapturedOutput output) {
        assertStartupFails(output, "router.webhook.allowed-cidrs", "--router.webhook.secrets=top-secret-value",
                "--router.webhook.allowed-cidrs=10.0.0.0/8,300.1.2.3/24");
        assertThat(output.getAll()).doesNotContain("top-secret-value");
    }

    @Test
    void refusesToStartWithAnEventTypeThatIsNotAName(CapturedOutput output) {
        assertStartupFails(output, "router.events.enabled", "--router.webhook.secrets=s",
                "--router.events.enabled=message.received,message exploded");
    }

    @Test
    void refusesToStartWithASalesforceApiVersionThatIsNotAVersion(CapturedOutput output) {
        assertStartupFails(output, "camel.component.salesforce.api-version", "--router.webhook.secrets=s",
                "--camel.component.salesforce.api-version=latest");
    }

    private static void assertStartupFails(CapturedOutput output, String key, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "--server.port=0";
        all[1] = "--management.server.port=0";
        all[2] = "--spring.datasource.url=jdbc:h2:mem:refusal;DB_CLOSE_DELAY=-1";
        System.arraycopy(args, 0, all, 3, args.length);

        assertThatThrownBy(() -> new SpringApplicationBuilder(VobizRouterApplication.class).run(all))
                .hasRootCauseInstanceOf(InvalidSettingException.class);
        assertThat(output.getAll()).contains("Invalid setting " + key + ": ");
    }
}
