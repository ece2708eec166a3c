package com.vobizrouter.config;

import java.time.Clock;
import java.util.Set;

import javax.sql.DataSource;

import com.vobizrouter.intake.RejectionLog;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.intake.IntakeResponder;
import com.vobizrouter.inbox.RetentionCutoff;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * What every webhook source shares: the answers ({@code intakeResponder}), the rejection log,
 * the retention cut-offs ({@code dedupRetention}, {@code rejectionRetention}) and the web
 * settings of the webhook paths; the sources themselves are {@link SourcesConfiguration}'s.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /**
     * Spring's HTTP server observation ({@code http_server_requests}) is left out on the webhook
     * paths, where it cost about 0.015 ms of CPU per request (bench/README); the intake responder
     * counts and times every webhook answer itself ({@code vobiz_webhooks_total},
     * {@code vobiz_webhooks_latency_seconds}). Every other path keeps it.
     */
    @Bean
    ObservationPredicate webhookPathsNotObserved(WebhookSources sources) {
        Set<String> paths = sources.webhookPaths();
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && paths.contains(request.getCarrier().getRequestURI()));
    }

    /**
     * Spring MVC gets a validator that is not Bean Validation. With Bean Validation on the class
     * path (it checks the settings at start-up) Spring MVC builds a method validator, and then
     * looks for {@code @Validated} on the handler method of every request, through the whole class
     * and interface hierarchy of Camel's platform-http consumer, uncached: 4.7 % of the router's
     * CPU samples under intake flat out (bench/README). No controller here validates its
     * arguments with annotations: the admin API checks its parameters itself.
     */
    @Bean
    WebMvcConfigurer noMethodValidationPerRequest() {
        Validator none = new Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return false;
            }

            @Override
            public void validate(Object target, Errors errors) {
            }
        };
        return new WebMvcConfigurer() {
            @Override
            public Validator getValidator() {
                return none;
            }
        };
    }

    /** Started and stopped with the CamelContext: it writes what is still queued before the context ends. */
    @Bean
    RejectionLog rejectionLog(CamelContext camelContext, DataSource dataSource, PlatformTransactionManager transactionManager,
            Clock clock, SqlDialect dialect, AdminSettings admin, MeterRegistry meterRegistry) throws Exception {
        RejectionLog log = new RejectionLog(camelContext, dataSource, transactionManager, clock, dialect,
                admin.rejectionsMax(), meterRegistry);
        camelContext.addService(log, true);
        return log;
    }

    @Bean
    IntakeResponder intakeResponder(RejectionLog rejectionLog, MeterRegistry meterRegistry) {
        return new IntakeResponder(rejectionLog, meterRegistry);
    }

    @Bean
    RetentionCutoff dedupRetention(DedupSettings dedup) {
        return new RetentionCutoff(dedup.retention());
    }

    @Bean
    RetentionCutoff rejectionRetention(AdminSettings admin) {
        return new RetentionCutoff(admin.rejectionsRetention());
    }
}
