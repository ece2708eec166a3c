package com.vobizrouter.config;

import java.time.Clock;

import javax.sql.DataSource;

import com.vobizrouter.intake.RejectionLog;
import com.vobizrouter.intake.EnvelopeParser;
import com.vobizrouter.intake.EventFilter;
import com.vobizrouter.intake.IntakeResponder;
import com.vobizrouter.intake.RequestGuard;
import com.vobizrouter.intake.SignatureVerifier;
import com.vobizrouter.intake.ClientAddressResolver;
import com.vobizrouter.intake.GroupCommitInbox;
import com.vobizrouter.inbox.RetentionCutoff;
import com.vobizrouter.intake.RawBodyCaptureFilter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.processor.idempotent.jdbc.JdbcMessageIdRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The beans the intake route refers to by name ({@code requestGuard}, {@code signatureVerifier},
 * {@code envelopeParser}, {@code eventFilter}, {@code intakeResponder},
 * {@code groupCommitInbox}, {@code dedupRetention}, {@code rejectionRetention}), built from checked settings.
 */
@Configuration(proxyBeanMethods = false)
public class IntakeConfiguration {

    /** {@code processorName} of the idempotency keys this router writes. */
    public static final String IDEMPOTENCY_PROCESSOR_NAME = "vobiz-webhook";

    private static final Logger LOG = LoggerFactory.getLogger(IntakeConfiguration.class);

    @Bean
    RouterSettings routerSettings(RouterProperties properties) {
        RouterSettings settings = new RouterSettings(properties);
        if (settings.secrets().isEmpty()) {
            LOG.warn("router.webhook.allow-unsigned=true and no secret: webhook signatures are NOT verified");
        }
        return settings;
    }

    /**
     * The body capture, reporting the requests it refuses itself (body stopped arriving or broken)
     * to the intake responder, so they are logged, counted and recorded like every other refusal.
     * The responder is looked up on first use: filters are built before the beans it needs.
     */
    @Bean
    FilterRegistrationBean<RawBodyCaptureFilter> rawBodyCaptureFilter(RouterProperties properties, RouterSettings settings,
            ObjectProvider<IntakeResponder> intakeResponder) {
        ClientAddressResolver clients = new ClientAddressResolver(settings.trustedProxies());
        RawBodyCaptureFilter.Refusals refusals = (request, status, reason, detail, bodyStart) -> intakeResponder.getObject()
                .refusedBeforeRoute(clients.resolve(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For")),
                        status, reason, detail, bodyStart);
        FilterRegistrationBean<RawBodyCaptureFilter> registration = new FilterRegistrationBean<>(new RawBodyCaptureFilter(
                properties.getWebhook().getMaxBodyBytes(), properties.getWebhook().getBodyReadTimeout(), refusals));
        registration.addUrlPatterns(properties.getWebhook().getPath());
        // Before any filter that might read the body as characters or form parameters.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    RequestGuard requestGuard(RouterSettings settings) {
        return new RequestGuard(new ClientAddressResolver(settings.trustedProxies()), settings.allowedCidrs());
    }

    @Bean
    SignatureVerifier signatureVerifier(RouterProperties properties, RouterSettings settings) {
        return new SignatureVerifier(properties.getWebhook().getSignatureHeader(), settings.secrets());
    }

    @Bean
    EnvelopeParser envelopeParser() {
        return new EnvelopeParser();
    }

    @Bean
    EventFilter eventFilter(RouterProperties properties) {
        return new EventFilter(properties.getEvents().getEnabled());
    }

    @Bean
    RejectionLog rejectionLog(DataSource dataSource, Clock clock) {
        return new RejectionLog(dataSource, clock);
    }

    @Bean
    IntakeResponder intakeResponder(RejectionLog rejectionLog, MeterRegistry meterRegistry, RouterProperties properties) {
        return new IntakeResponder(rejectionLog, meterRegistry, properties.getEvents().getEnabled());
    }

    /**
     * The Idempotent Consumer's repository: an event's key and its inbox row commit together, in
     * transactions shared by concurrent requests. camel-sql's repository on the same table serves
     * the single-key operations; the table belongs to Flyway, so neither creates it. The intake
     * route starts and stops it; its writer threads come from Camel's thread pools.
     */
    @Bean
    GroupCommitInbox groupCommitInbox(CamelContext camelContext, DataSource dataSource, PlatformTransactionManager transactionManager,
            RouterSettings settings, RouterProperties properties, MeterRegistry meterRegistry) {
        // RouterSettings is a parameter so that the storage settings are checked before use.
        RouterProperties.Storage storage = properties.getStorage();
        JdbcMessageIdRepository keys = new JdbcMessageIdRepository(dataSource, IDEMPOTENCY_PROCESSOR_NAME);
        keys.setCreateTableIfNotExists(false);
        return new GroupCommitInbox(camelContext, dataSource, transactionManager, keys, IDEMPOTENCY_PROCESSOR_NAME,
                storage.getWriters(), storage.getMaxBatch(), storage.getAnswerTimeout(), meterRegistry);
    }

    @Bean
    RetentionCutoff dedupRetention(RouterProperties properties) {
        return new RetentionCutoff(properties.getDedup().getRetention());
    }

    @Bean
    RetentionCutoff rejectionRetention(RouterProperties properties) {
        return new RetentionCutoff(properties.getAdmin().getRejectionsRetention());
    }
}
