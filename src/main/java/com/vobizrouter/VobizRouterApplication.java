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
@EnableAutoConfiguration(excludeName = {
    // Features the router does not use (Camel's vaults, cloud service calls, route templates,
    // tracer and the components and languages no route names; Spring's REST clients, Gson,
    // WebSocket, OpenTelemetry logs). Each auto-configuration left in is read and its conditions
    // weighed at every start; Camel still finds any component or language a route names.
    "org.apache.camel.component.beanclass.springboot.ClassComponentAutoConfiguration",
    "org.apache.camel.component.browse.springboot.BrowseComponentAutoConfiguration",
    "org.apache.camel.component.controlbus.springboot.ControlBusComponentAutoConfiguration",
    "org.apache.camel.component.dataset.springboot.DataSetComponentAutoConfiguration",
    "org.apache.camel.component.dataset.springboot.DataSetTestComponentAutoConfiguration",
    "org.apache.camel.component.file.springboot.FileComponentAutoConfiguration",
    "org.apache.camel.component.mock.springboot.MockComponentAutoConfiguration",
    "org.apache.camel.component.ref.springboot.RefComponentAutoConfiguration",
    "org.apache.camel.component.rest.springboot.RestApiComponentAutoConfiguration",
    "org.apache.camel.component.rest.springboot.RestComponentAutoConfiguration",
    "org.apache.camel.component.saga.springboot.SagaComponentAutoConfiguration",
    "org.apache.camel.component.stub.springboot.StubComponentAutoConfiguration",
    "org.apache.camel.component.validator.springboot.ValidatorComponentAutoConfiguration",
    "org.apache.camel.component.xslt.springboot.XsltComponentAutoConfiguration",
    "org.apache.camel.language.simple.springboot.FileLanguageAutoConfiguration",
    "org.apache.camel.language.tokenizer.springboot.TokenizeLanguageAutoConfiguration",
    "org.apache.camel.language.xpath.springboot.XPathLanguageAutoConfiguration",
    "org.apache.camel.model.rest.springboot.RestConfigurationDefinitionAutoConfiguration",
    "org.apache.camel.spring.boot.cloud.CamelCloudAutoConfiguration",
    "org.apache.camel.spring.boot.cloud.CamelCloudServiceCallConfigurationAutoConfiguration",
    "org.apache.camel.spring.boot.cloud.CamelCloudServiceChooserAutoConfiguration",
    "org.apache.camel.spring.boot.cloud.CamelCloudServiceDiscoveryAutoConfiguration",
    "org.apache.camel.spring.boot.cloud.CamelCloudServiceFilterAutoConfiguration",
    "org.apache.camel.spring.boot.routetemplate.CamelRouteTemplateAutoConfiguration",
    "org.apache.camel.spring.boot.trace.CamelTraceAutoConfiguration",
    "org.apache.camel.spring.boot.vault.AwsVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.AzureVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.CyberArkVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.GcpVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.HashicorpVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.IBMVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.KubernetesConfigMapVaultAutoConfiguration",
    "org.apache.camel.spring.boot.vault.KubernetesVaultAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.ssl.SslHealthContributorAutoConfiguration",
    "org.springframework.boot.autoconfigure.gson.GsonAutoConfiguration",
    "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
    "org.springframework.boot.autoconfigure.netty.NettyAutoConfiguration",
    "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
    "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
    "org.springframework.boot.autoconfigure.websocket.servlet.WebSocketServletAutoConfiguration"
})
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
