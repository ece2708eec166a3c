package com.vobizrouter.sink.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import com.vobizrouter.dispatch.MappingException;
import com.vobizrouter.dispatch.Mappings;
import com.vobizrouter.inbox.EventView;
import com.vobizrouter.inbox.InboxEvent;
import com.vobizrouter.testsupport.ApplicationJson;
import com.vobizrouter.testsupport.ShippedMappings;
import org.junit.jupiter.api.Test;

/**
 * Pins what the shipped mapping of destination zendesk makes of a message: the text it becomes
 * in a Zendesk comment, for every message type, and the requester and subject.
 */
class ZendeskMessageTextTest {

    private static final Mappings ZENDESK = ShippedMappings.of("zendesk");

    @Test
    void describesMediaMessagesByTypeAndCaption() {
        assertThat(text("{\"data\":{\"type\":\"image\",\"image\":{\"caption\":\"broken\"}}}")).isEqualTo("[image] broken");
        assertThat(text("{\"data\":{\"type\":\"audio\",\"audio\":{}}}")).isEqualTo("[audio]");
        assertThat(text("{\"data\":{\"type\":\"location\",\"location\":{\"latitude\":1.5,\"longitude\":2}}}"))
                .isEqualTo("[location] (1.5, 2)");
        assertThat(text("{\"data\":{\"type\":\"interactive\",\"interactive\":{\"button_reply\":{\"title\":\"Yes\"}}}}"))
                .isEqualTo("[interactive] Yes");
        assertThat(text("{\"data\":{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}}")).isEqualTo("hi");
        assertThat(text("{\"data\":{}}")).isEqualTo("(message without text)");
    }

    @Test
    void theRequesterIsTheContactOrElseTheSenderAndTheSubjectNamesThem() {
        ZendeskTicketContent named = content("{\"data\":{\"from\":\"+15550001\",\"contact\":{\"id\":\"cnt_1\",\"name\":\"Jo Park\"},"
                + "\"text\":{\"body\":\"hi\"}}}");
        assertThat(named).extracting(ZendeskTicketContent::requesterName, ZendeskTicketContent::requesterPhone,
                ZendeskTicketContent::requesterEmail, ZendeskTicketContent::subject)
                .containsExactly("Jo Park", "+15550001", null, "WhatsApp conversation with Jo Park");
        assertThat(named.ticketFields()).as("no tags, priority or custom fields").isEmpty();

        ZendeskTicketContent unnamed = content("{\"data\":{\"contact\":{\"id\":\"cnt_2\"}}}");
        assertThat(unnamed).extracting(ZendeskTicketContent::requesterName, ZendeskTicketContent::requesterPhone)
                .containsExactly("WhatsApp cnt_2", null);
    }

    @Test
    void aMappingGivingWhatZendeskDoesNotTakeIsRefusedWithTheReason() {
        assertThatThrownBy(() -> ZendeskTicketContent.of(ApplicationJson.MAPPER.readTree(
                "{\"requester\":{\"name\":\"a\"},\"comment\":\"c\",\"priority\":\"asap\"}")))
                .isInstanceOf(MappingException.class).hasMessageContaining("priority 'asap'");
        assertThatThrownBy(() -> ZendeskTicketContent.of(ApplicationJson.MAPPER.readTree(
                "{\"requester\":{\"name\":\"a\"},\"comment\":\"c\",\"priorty\":\"high\"}")))
                .isInstanceOf(MappingException.class).hasMessageContaining("'priorty'");
        assertThatThrownBy(() -> ZendeskTicketContent.of(ApplicationJson.MAPPER.readTree(
                "{\"requester\":{\"name\":\"a\"},\"comment\":\"c\",\"custom_fields\":[{\"id\":\"x\",\"value\":1}]}")))
                .isInstanceOf(MappingException.class).hasMessageContaining("custom field");
        assertThatThrownBy(() -> ZendeskTicketContent.of(ApplicationJson.MAPPER.readTree("{\"requester\":{\"name\":\"a\"}}")))
                .isInstanceOf(MappingException.class).hasMessageContaining("no comment");
    }

    private static String text(String payload) {
        return content(payload).comment();
    }

    private static ZendeskTicketContent content(String payload) {
        EventView view = EventView.of(new InboxEvent(1, "evt_1", "message.received", "ch_1", "2026-03-19T10:30:45Z",
                Instant.parse("2026-03-19T10:30:46Z"), 0, payload, "token"), ApplicationJson.MAPPER);
        return ZendeskTicketContent.of(ZENDESK.apply("zendesk", Mappings.BODY, view));
    }
}
