package com.vobizrouter;

import com.vobizrouter.admin.AdminApi;
import com.vobizrouter.admin.ConsolePage;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationExcludeFilter;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/**
 * Entry point of the Vobiz integration router. Routes live as Camel YAML under the top-level
 * {@code routes/} folder; this class only boots Spring and Camel. The admin API belongs to the
 * management context (management port) only, so component scanning leaves it out.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@ConfigurationPropertiesScan
@ComponentScan(excludeFilters = {
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.CUSTOM, classes = AutoConfigurationExcludeFilter.class),
    @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = ManagementContextConfiguration.class),
    @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = {AdminApi.class, ConsolePage.class})
})
public class VobizRouterApplication {

    public static void main(String[] args) {
        SpringApplication.run(VobizRouterApplication.class, args);
    }
}
