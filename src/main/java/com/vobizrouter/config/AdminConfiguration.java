package com.vobizrouter.config;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import com.vobizrouter.admin.AdminApi;
import com.vobizrouter.admin.AdminHeaders;
import com.vobizrouter.admin.AdminTokenFilter;
import com.vobizrouter.admin.ConsolePage;
import com.vobizrouter.admin.SinkOverview;
import com.vobizrouter.admin.SinkView;
import com.vobizrouter.admin.StandInView;
import com.vobizrouter.dispatch.Destinations;
import com.vobizrouter.dispatch.SinkBudgets;
import com.vobizrouter.inbox.InboxQueries;
import com.vobizrouter.sink.SinkApiCalls;
import com.vobizrouter.sink.SinkHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.filter.OrderedFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Puts the admin API, its bearer token check and the delivery console on the management port (not
 * the webhook port). Without {@code router.admin.token} nothing is registered, so every
 * {@code /admin} path answers 404: the admin API is off, never open.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@Conditional(AdminTokenSet.class)
public class AdminConfiguration {

    /** The place Spring Security's filter chain takes: after the request wrappers, before filters that read the request. */
    private static final int TOKEN_FILTER_ORDER = OrderedFilter.REQUEST_WRAPPER_FILTER_MAX_ORDER - 100;

    @Bean
    ConsolePage consolePage() throws java.io.IOException {
        return new ConsolePage();
    }

    @Bean
    InboxQueries inboxQueries(DataSource dataSource, PlatformTransactionManager transactionManager, Clock clock) {
        return new InboxQueries(dataSource, transactionManager, clock);
    }

    @Bean
    SinkView sinkView(SinkHealthIndicator sinksHealthIndicator, SinkBudgets sinkBudgets, SinkApiCalls sinkApiCalls,
            Destinations destinations) {
        return new SinkOverview(destinations.names(), sinksHealthIndicator::describe, (sink, at) -> {
            SinkBudgets.Pause pause = sinkBudgets.pause(sink, at);
            return new SinkOverview.Pause(pause.until(), pause.reason());
        }, sinkBudgets::limit, sinkApiCalls::callsPerMinute);
    }

    /** The sources listed are the enabled ones: {@code vobiz} (router.webhook) and then each of router.sources by name. */
    @Bean
    AdminApi adminApi(InboxQueries inboxQueries, WebhookSources webhookSources, SinkView sinkView,
            Clock clock, ObjectProvider<StandInView> demo, com.vobizrouter.dispatch.DryRun dryRun,
            com.fasterxml.jackson.databind.ObjectMapper json) {
        List<AdminApi.Source> sources = new ArrayList<>();
        webhookSources.sources().forEach(source -> sources.add(new AdminApi.Source(source.name(), source.path(), source.profile().name())));
        return new AdminApi(inboxQueries, sources, sinkView, clock, demo.getIfAvailable(), dryRun::run, json);
    }

    /** The headers of every admin answer ({@link AdminHeaders}), set before the token check so its 401s carry them too. */
    @Bean
    FilterRegistrationBean<AdminHeaders> adminHeaders() {
        FilterRegistrationBean<AdminHeaders> registration = new FilterRegistrationBean<>(new AdminHeaders());
        registration.addUrlPatterns("/admin/*", "/console", "/console.js", "/console.css");
        registration.setOrder(TOKEN_FILTER_ORDER - 1);
        return registration;
    }

    /** The bearer token check in front of every {@code /admin} path; {@code /console} stays open. */
    @Bean
    FilterRegistrationBean<AdminTokenFilter> adminTokenFilter(AdminSettings admin, Clock clock) {
        FilterRegistrationBean<AdminTokenFilter> registration = new FilterRegistrationBean<>(
                new AdminTokenFilter(admin.token(), admin.failedLoginsPerMinute(), clock));
        // "/admin/*" also matches "/admin" itself.
        registration.addUrlPatterns("/admin/*");
        registration.setOrder(TOKEN_FILTER_ORDER);
        return registration;
    }
}
