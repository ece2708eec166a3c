package com.vobizrouter.config;

import java.net.URI;
import java.net.URISyntaxException;

import io.micrometer.tracing.Tracer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionException;
import org.springframework.core.env.Environment;

import com.vobizrouter.dispatch.TracedDispatch;
import com.vobizrouter.inbox.EventTraces;

/**
 * Traces of events (OpenTelemetry through Micrometer Tracing, spans sent by OTLP over HTTP), off
 * unless {@code management.tracing.enabled} is true. Spring Boot makes the tracer, the sampler
 * ({@code management.tracing.sampling.probability}) and the exporter
 * ({@code management.otlp.tracing.endpoint}); the router makes one trace of each event
 * ({@link EventTraces}). With tracing on, start-up stops with one line naming the key when the
 * probability is not between 0 and 1 or the endpoint is not an http(s) URL.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    static final String ENABLED = "management.tracing.enabled";
    static final String PROBABILITY = "management.tracing.sampling.probability";
    static final String ENDPOINT = "management.otlp.tracing.endpoint";

    /**
     * Checks the tracing settings before any bean is made: Spring Boot's tracer is among the first
     * beans, and its own refusal of a bad probability is a page of stack trace.
     */
    @Bean
    static BeanFactoryPostProcessor tracingSettingsCheck(Environment environment) {
        return beanFactory -> {
            if (!setting(environment, ENABLED, Boolean.class, false)) {
                return;
            }
            double probability = setting(environment, PROBABILITY, Double.class, 0.1);
            if (!(probability >= 0 && probability <= 1)) {
                throw new InvalidSettingException(PROBABILITY, "must be between 0.0 and 1.0 (the share of events traced)");
            }
            String endpoint = environment.getProperty(ENDPOINT, "");
            if (!endpoint.isBlank()) {
                httpUrl(endpoint);
            }
        };
    }

    @Bean
    EventTraces eventTraces(Environment environment, ObjectProvider<Tracer> tracer) {
        if (!setting(environment, ENABLED, Boolean.class, false)) {
            return EventTraces.OFF;
        }
        Tracer made = tracer.getIfAvailable();
        if (made == null || made == Tracer.NOOP) {
            throw new InvalidSettingException(ENABLED, "is true but no OpenTelemetry tracer was made");
        }
        return new EventTraces(made);
    }

    /** The dispatch span of each event ({@code policy: ref: tracedDispatch} in {@code dispatch-event}). */
    @Bean(TracedDispatch.BEAN)
    TracedDispatch tracedDispatch(EventTraces traces) {
        return new TracedDispatch(traces);
    }

    private static <T> T setting(Environment environment, String key, Class<T> type, T otherwise) {
        try {
            return environment.getProperty(key, type, otherwise);
        } catch (ConversionException | IllegalArgumentException e) {
            throw new InvalidSettingException(key, "must be a " + (type == Boolean.class ? "true or false" : "number"));
        }
    }

    private static void httpUrl(String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new InvalidSettingException(ENDPOINT, "must be an http or https URL such as http://collector:4318/v1/traces");
            }
        } catch (URISyntaxException e) {
            throw new InvalidSettingException(ENDPOINT, "must be an http or https URL such as http://collector:4318/v1/traces");
        }
    }
}
