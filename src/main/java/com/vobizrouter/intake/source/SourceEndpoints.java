package com.vobizrouter.intake.source;

import java.util.List;

import com.vobizrouter.inbox.EventKeys;
import org.apache.camel.builder.RouteBuilder;

/**
 * Puts each configured source on its path: one route {@code source-<name>} per source, from
 * {@code platform-http:<path>}, that names the source on the exchange and hands the request to
 * the route {@code source-intake} ({@code routes/source-intake.camel.yaml}), where the flow is.
 * Only this binding of paths is in Java, since which sources exist is a setting.
 */
public class SourceEndpoints extends RouteBuilder {

    private final List<WebhookSource> sources;

    public SourceEndpoints(List<WebhookSource> sources) {
        this.sources = List.copyOf(sources);
    }

    @Override
    public void configure() {
        for (WebhookSource source : sources) {
            from("platform-http:" + source.path())
                    .routeId("source-" + source.name())
                    .routeDescription("webhook source " + source.name() + " (" + source.profile().name() + ")")
                    .setProperty(EventKeys.SOURCE, constant(source.name()))
                    .to("direct:source-intake");
        }
    }
}
