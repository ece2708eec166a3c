package com.vobizrouter.config;

import java.time.Clock;

import javax.sql.DataSource;

import com.vobizrouter.admin.AdminApi;
import com.vobizrouter.admin.ConsolePage;
import com.vobizrouter.admin.StandInView;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;

/**
 * Puts the admin API and the delivery console on the management port (not the webhook port). Without
 * {@code router.admin.token} nothing is registered, so every {@code /admin} path answers 404:
 * the admin API is off, never open.
 */
@ManagementContextConfiguration(value = ManagementContextType.ANY, proxyBeanMethods = false)
@ConditionalOnExpression("!'${router.admin.token:}'.isBlank()")
public class AdminConfiguration {

    @Bean
    ConsolePage consolePage() throws java.io.IOException {
        return new ConsolePage();
    }

    @Bean
    AdminApi adminApi(DataSource dataSource, AdminSettings admin, Clock clock, ObjectProvider<StandInView> demo) {
        return new AdminApi(dataSource, admin.token(), clock, demo.getIfAvailable());
    }
}
