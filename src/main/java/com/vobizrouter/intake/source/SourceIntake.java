package com.vobizrouter.intake.source;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import com.vobizrouter.inbox.EventKeys;
import com.vobizrouter.intake.EventAge;
import com.vobizrouter.intake.EventAnswer;
import com.vobizrouter.intake.IntakeKeys;
import com.vobizrouter.intake.IntakeResponder;
import com.vobizrouter.intake.WebhookRejection;
import org.apache.camel.Exchange;

/**
 * The steps of the route {@code source-intake} (bean {@code sourceIntake}), each done the way the
 * exchange's source ({@link EventKeys#SOURCE}) says: its request checks, its profile's signature
 * check and envelope mapping, the properties each of its events is stored with, and the answer.
 * Every source goes through them, the built-in {@code vobiz} of {@code router.webhook} included.
 *
 * <p>A refusal is set on the exchange as a {@link WebhookRejection}, which the route's error
 * handling answers. Headers are read from the HTTP
 * request itself: platform-http also copies query parameters into message headers, and a
 * signature in a URL is not what any profile accepts.
 *
 * <p>Events older than the source's {@code max-event-age} ({@link WebhookSource#age}) are not
 * stored: the request is refused with 400, or, for a profile that answers each event of a request
 * ({@link WebhookProfile#answersEachEvent}), those events alone are answered {@code stale}.
 */
public class SourceIntake {

    private final Map<String, WebhookSource> sources = new LinkedHashMap<>();
    private final IntakeResponder responder;

    public SourceIntake(List<WebhookSource> sources, IntakeResponder responder) {
        sources.forEach(source -> this.sources.put(source.name(), source));
        this.responder = responder;
    }

    /**
     * Whether the request is a GET, which for a source whose profile has a subscription handshake
     * is one ({@link SourceEndpoints} asks only for those). The request's own method, never a header.
     */
    static boolean isGet(Exchange exchange) {
        HttpServletRequest request = request(exchange);
        return request != null && "GET".equals(request.getMethod());
    }

    /** A subscription handshake: 403 from outside the allowed addresses or with a wrong token, else the challenge. */
    public void handshake(Exchange exchange) {
        WebhookSource source = source(exchange);
        source.guard().checkAddress(exchange);
        if (exchange.getException() != null) {
            return;
        }
        String challenge = source.profile().handshake(request(exchange)::getParameter);
        if (challenge == null) {
            exchange.setException(new WebhookRejection(403, "bad_verify_token", "subscription not verified"));
            return;
        }
        responder.handshake(exchange, challenge);
    }

    /** The checks of the HTTP request (405, 403, 413, 408, 415); the body becomes the exact bytes received. */
    public void guard(Exchange exchange) {
        source(exchange).guard().process(exchange);
    }

    /** The profile's signature check (401). */
    public void verify(Exchange exchange) {
        try {
            source(exchange).profile().verify(headers(exchange), exchange.getIn().getBody(byte[].class));
        } catch (WebhookRejection rejection) {
            exchange.setException(rejection);
        }
    }

    /**
     * The profile's envelope (400); the body becomes the request's events, each stored on its own:
     * the one event itself when there is one (property {@code oneEvent}), else their list.
     */
    public void parse(Exchange exchange) {
        List<SourceEvent> events;
        try {
            events = source(exchange).profile().parse(headers(exchange), exchange.getIn().getBody(byte[].class));
        } catch (WebhookRejection rejection) {
            exchange.setException(rejection);
            return;
        }
        // Each event's exchange is a copy of this one whose properties share this list.
        List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<Outcome>());
        exchange.setProperty(Outcome.KEY, outcomes);
        WebhookSource source = source(exchange);
        String timeField = source.profile().eventTimeField();
        List<SourceEvent> fresh = new ArrayList<>(events.size());
        List<Integer> positions = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            SourceEvent event = events.get(i);
            if (timeField == null || !source.age().isStale(EventAge.instant(event.timestamp()))) {
                fresh.add(event);
                positions.add(i);
            } else if (source.profile().answersEachEvent()) {
                outcomes.add(new Outcome(i, answer(source, event.id(), event.type(), EventAnswer.STALE)));
            } else {
                exchange.setProperty(EventKeys.EVENT_ID, source.inboxId(event.id()));
                exchange.setException(source.age().stale(timeField));
                return;
            }
        }
        exchange.setProperty(Outcome.POSITIONS, positions);
        exchange.setProperty(IntakeKeys.ONE_EVENT, fresh.size() == 1);
        exchange.getIn().setBody(fresh.size() == 1 ? fresh.get(0) : fresh);
    }

    /** Sets the properties one event is stored with, and its payload as the body. */
    public void open(Exchange exchange) {
        WebhookSource source = source(exchange);
        SourceEvent event = exchange.getIn().getBody(SourceEvent.class);
        exchange.setProperty(EventKeys.EVENT_ID, source.inboxId(event.id()));
        exchange.setProperty(EventKeys.EVENT_TYPE, event.routerType());
        exchange.setProperty(EventKeys.SOURCE_EVENT_TYPE, event.type());
        exchange.setProperty(IntakeKeys.COUNTED_TYPE, countedType(source, event.type()));
        exchange.setProperty(IntakeKeys.TYPE_ENABLED, source.events().enabled(event.type()));
        exchange.setProperty(EventKeys.CHANNEL_ID, event.channelId());
        exchange.setProperty(EventKeys.EVENT_TIMESTAMP, event.timestamp());
        exchange.setProperty(IntakeKeys.SOURCE_EVENT_ID, event.id());
        exchange.setProperty(IntakeKeys.NORMALISED, event.view());
        exchange.getIn().setBody(event.payload());
    }

    /** Keeps what one event was answered, for the answer to the request. */
    @SuppressWarnings("unchecked")
    public void stored(Exchange exchange) {
        EventAnswer answer = new EventAnswer(exchange.getProperty(IntakeKeys.SOURCE_EVENT_ID, String.class),
                exchange.getProperty(EventKeys.SOURCE_EVENT_TYPE, String.class), exchange.getProperty(IntakeKeys.OUTCOME, String.class),
                exchange.getProperty(IntakeKeys.COUNTED_TYPE, String.class));
        List<Outcome> outcomes = exchange.getProperty(Outcome.KEY, List.class);
        List<Integer> positions = exchange.getProperty(Outcome.POSITIONS, List.class);
        outcomes.add(new Outcome(positions.get(exchange.getProperty(Exchange.SPLIT_INDEX, 0, Integer.class)), answer));
    }

    private static EventAnswer answer(WebhookSource source, String id, String type, String outcome) {
        return new EventAnswer(id, type, outcome, countedType(source, type));
    }

    /** The metrics' type tag: the pattern of the source's events that enables the type, else {@code other}. */
    private static String countedType(WebhookSource source, String type) {
        String counted = source.events().counted(type);
        return counted == null ? "other" : counted;
    }

    /** 200 once every event of the request is stored: one answer per event, in the order they came. */
    @SuppressWarnings("unchecked")
    public void answer(Exchange exchange) {
        List<Outcome> outcomes = new ArrayList<>(exchange.getProperty(Outcome.KEY, List.class));
        outcomes.sort(Comparator.comparingInt(Outcome::index));
        responder.answer(exchange, outcomes.stream().map(Outcome::answer).toList());
    }

    private WebhookSource source(Exchange exchange) {
        WebhookSource source = sources.get(exchange.getProperty(EventKeys.SOURCE, String.class));
        if (source == null) {
            throw new IllegalStateException("no webhook source " + exchange.getProperty(EventKeys.SOURCE));
        }
        return source;
    }

    private static HttpServletRequest request(Exchange exchange) {
        return exchange.getIn().getHeader(Exchange.HTTP_SERVLET_REQUEST, HttpServletRequest.class);
    }

    /** The HTTP request's headers; without one (unit tests), the message headers. */
    private static RequestHeaders headers(Exchange exchange) {
        HttpServletRequest request = request(exchange);
        return request != null ? request::getHeader : name -> exchange.getIn().getHeader(name, String.class);
    }

    /** What the event at a position of the request was answered. */
    private record Outcome(int index, EventAnswer answer) {
        static final String KEY = "intakeOutcomes";
        /** The position in the request of each event that is stored, by its position among those stored. */
        static final String POSITIONS = "intakePositions";
    }
}
