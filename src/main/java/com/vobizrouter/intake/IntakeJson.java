package com.vobizrouter.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.vobizrouter.inbox.EventView;

/**
 * Intake's one JSON mapper, configured here once: it reads every source's bodies strictly (one
 * value, nothing after it, no repeated key, at most {@value StreamReadConstraints#DEFAULT_MAX_DEPTH}
 * levels of nesting) and writes the views and the answers. A view wraps the sender's data in a
 * level or two more, so writing leaves room for those levels ({@link EventView} reads it back with
 * the same room).
 */
public final class IntakeJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(EventView.MAX_DEPTH).build())
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private IntakeJson() {
    }
}
