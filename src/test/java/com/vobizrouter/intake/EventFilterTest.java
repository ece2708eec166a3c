package com.vobizrouter.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import com.vobizrouter.inbox.EventKeys;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The intake choice asks {@link EventFilter} about the exchange's type exactly as it is stored:
 * nothing between the route and the bean rewrites it (Camel's bean argument binding would strip
 * quotes from {@code 'message.read'} and read {@code null} as no value).
 */
class EventFilterTest {

    private final EventFilter filter = new EventFilter(Set.of("message.read", "null"));

    @ParameterizedTest
    @ValueSource(strings = {"message.read", "null"})
    void dispatchesAnEnabledType(String type) {
        assertThat(filter.isEnabled(withType(type))).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"'message.read'", "\"message.read\"", "message.read ", "MESSAGE.READ", "message.sent"})
    void decidesOnTheTypeAsStoredNotOnAReworkedCopyOfIt(String type) {
        assertThat(filter.isEnabled(withType(type))).isFalse();
    }

    private static Exchange withType(String type) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(EventKeys.EVENT_TYPE, type);
        return exchange;
    }
}
