package com.vobizrouter.sink.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.vobizrouter.testsupport.ApplicationJson;
import org.junit.jupiter.api.Test;

/** Pins the text a WhatsApp message becomes in a Zendesk comment, for every message type. */
class ZendeskMessageTextTest {

    @Test
    void describesMediaMessagesByTypeAndCaption() {
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{\"type\":\"image\",\"image\":{\"caption\":\"broken\"}}}"))).isEqualTo("[image] broken");
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{\"type\":\"audio\",\"audio\":{}}}"))).isEqualTo("[audio]");
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{\"type\":\"location\",\"location\":{\"latitude\":1.5,\"longitude\":2}}}")))
                .isEqualTo("[location] (1.5, 2)");
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{\"type\":\"interactive\",\"interactive\":{\"button_reply\":{\"title\":\"Yes\"}}}}")))
                .isEqualTo("[interactive] Yes");
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{\"type\":\"text\",\"text\":{\"body\":\"hi\"}}}"))).isEqualTo("hi");
        assertThat(ZendeskMessageMapping.text(json("{\"data\":{}}"))).isEqualTo("(message without text)");
    }

    private static JsonNode json(String text) {
        try {
            return ApplicationJson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
