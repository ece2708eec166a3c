package com.vobizrouter.intake.source;

import java.util.List;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.intake.IntakeKeys;
import com.vobizrouter.intake.TracedRequest;
import org.apache.camel.builder.RouteBuilder;

/**
 * Puts each enabled source on its path: one route per source, from {@code platform-http:<path>},
 * that names the source on the exchange and hands the request to the route {@code source-intake}
 * ({@code routes/source-intake.camel.yaml}), where the flow is. The route is
 * {@code source-<name>}, and {@value #VOBIZ_ROUTE} for the built-in source {@code vobiz}, the id
 * its metrics have always had. Only this binding of paths is in Java, since which sources exist
 * is a setting.
 */
public class SourceEndpoints extends RouteBuilder {

    /** The route id of the built-in source {@code vobiz}. */
    public static final String VOBIZ_ROUTE = "vobiz-intake";

    private final List<WebhookSource> sources;
    private final TracedRequest traced;

    /** @param traced the webhook span of each request (a no-op with tracing off) */
    public SourceEndpoints(List<WebhookSource> sources, TracedRequest traced) {
        this.sources = List.copyOf(sources);
        this.traced = traced;
    }

    @Override
    public void configure() {
        for (WebhookSource source : sources) {
            boolean answersHandshake = source.profile().answersHandshake();
            from("platform-http:" + source.path())
                    .routeId(InboxEvent.LEGACY_SOURCE.equals(source.name()) ? VOBIZ_ROUTE : "source-" + source.name())
                    .routeDescription("webhook source " + source.name() + " (" + source.profile().name() + ")")
                    .setProperty(EventKeys.SOURCE, constant(source.name()))
                    // A GET is a subscription handshake only where the profile has one; elsewhere it is refused (405).
                    .process(exchange -> exchange.setProperty(IntakeKeys.HANDSHAKE, answersHandshake && SourceIntake.isGet(exchange)))
                    .policy(traced)
                    .to("direct:source-intake");
        }
    }
}
