package com.vobizrouter.config;

import java.time.Clock;
import java.util.Set;

import javax.sql.DataSource;

import com.vobizrouter.intake.RejectionLog;
import com.vobizrouter.intake.EnvelopeParser;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.EventFilter;
import com.vobizrouter.intake.IntakeResponder;
import com.vobizrouter.intake.RequestGuard;
import com.vobizrouter.intake.SignatureVerifier;
import com.vobizrouter.intake.ClientAddressResolver;
import com.vobizrouter.inbox.InboxWriter;
import com.vobizrouter.inbox.SqlDialect;
import com.vobizrouter.intake.GroupCommitInbox;
import com.vobizrouter.inbox.RetentionCutoff;
import com.vobizrouter.intake.RawBodyCaptureFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The beans the intake route refers to by name ({@code requestGuard}, {@code signatureVerifier},
 * {@code envelopeParser}, {@code eventFilter}, {@code intakeResponder},
 * {@code groupCommitInbox}, {@code dedupRetention}, {@code rejectionRetention}), built from validated settings.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** {@code processorName} of the idempotency keys this router writes. */
    public static final String IDEMPOTENCY_PROCESSOR_NAME = "vobiz-webhook";

    /**
     * The body capture, which reads no body from an address outside {@code allowed-cidrs} and
     * reports the requests it refuses itself (body stopped arriving or broken)
     * to the intake responder, so they are logged, counted and recorded like every other refusal.
     * The responder is looked up on first use: filters are built before the beans it needs.
     */
    @Bean
    FilterRegistrationBean<RawBodyCaptureFilter> rawBodyCaptureFilter(WebhookSettings webhook, RouterSettings settings,
            RequestGuard requestGuard, ObjectProvider<IntakeResponder> intakeResponder) {
        ClientAddressResolver clients = new ClientAddressResolver(settings.trustedProxies());
        RawBodyCaptureFilter.Refusals refusals = (request, status, reason, detail, bodyStart) -> intakeResponder.getObject()
                .refusedBeforeRoute(clients.resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")),
                        status, reason, detail, bodyStart);
        FilterRegistrationBean<RawBodyCaptureFilter> registration = new FilterRegistrationBean<>(new RawBodyCaptureFilter(
                webhook.maxBodyBytes(), webhook.bodyReadTimeout(), refusals, requestGuard::allowsAddress));
        registration.addUrlPatterns(webhook.path());
        // Before any filter that might read the body as characters or form parameters.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * Spring's HTTP server observation ({@code http_server_requests}) is left out on the webhook
     * paths, where it cost about 0.015 ms of CPU per request (bench/README); the intake responder
     * counts and times every webhook answer itself ({@code vobiz_webhooks_total},
     * {@code vobiz_webhooks_latency_seconds}). Every other path keeps it.
     */
    @Bean
    ObservationPredicate webhookPathsNotObserved(SourceSettings sources) {
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

    @Bean
    RequestGuard requestGuard(RouterSettings settings) {
        return new RequestGuard(new ClientAddressResolver(settings.trustedProxies()), settings.allowedCidrs());
    }

    @Bean
    SignatureVerifier signatureVerifier(WebhookSettings webhook, RouterSettings settings) {
        return new SignatureVerifier(webhook.signatureHeader(), settings.secrets());
    }

    @Bean
    EnvelopeParser envelopeParser(WebhookSettings webhook, DedupSettings dedup, Clock clock) {
        return new EnvelopeParser(new EventAge(
                RouterSettings.maxEventAge("router.webhook.max-event-age", webhook.maxEventAge(), dedup.retention()), clock));
    }

    @Bean
    EventFilter eventFilter(EventSettings events) {
        return new EventFilter(events.enabled());
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
    IntakeResponder intakeResponder(RejectionLog rejectionLog, MeterRegistry meterRegistry, EventSettings events) {
        return new IntakeResponder(rejectionLog, meterRegistry, events.enabled());
    }

    /**
     * The Idempotent Consumer's repository: an event's key and its inbox row commit together, in
     * transactions shared by concurrent requests. camel-sql's repository on the same table serves
     * the single-key operations; the table belongs to Flyway, so neither creates it. The intake
     * route starts and stops it; its writer threads come from Camel's thread pools.
     */
    @Bean
    GroupCommitInbox groupCommitInbox(CamelContext camelContext, DataSource dataSource, SqlDialect dialect,
            PlatformTransactionManager transactionManager, StorageSettings storage, MeterRegistry meterRegistry) {
        JdbcMessageIdRepository keys = new JdbcMessageIdRepository(dataSource, IDEMPOTENCY_PROCESSOR_NAME);
        keys.setCreateTableIfNotExists(false);
        return new GroupCommitInbox(camelContext, new InboxWriter(dataSource, dialect, IDEMPOTENCY_PROCESSOR_NAME), transactionManager,
                keys, storage.writers(), storage.maxBatch(), storage.answerTimeout(), meterRegistry);
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
