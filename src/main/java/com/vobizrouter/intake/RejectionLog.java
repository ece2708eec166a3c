package com.vobizrouter.intake;

import static com.vobizrouter.inbox.Text.truncate;

import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;

import javax.sql.DataSource;

import com.vobizrouter.inbox.Masking;
import com.vobizrouter.inbox.InboxEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Records every request refused at intake, for the admin API and the console: the first thing an
 * engineer looks at when Vobiz's requests start failing. Keeps the first {@value #BODY_START}
 * bytes of the body as text (invalid bytes shown as U+FFFD, phone numbers masked and WhatsApp ids
 * hashed by {@link Masking#text}, as is the detail). Recording is best effort: a database problem never turns a 4xx answer into an error.
 */
public class RejectionLog {

    static final int BODY_START = 200;
    private static final Logger LOG = LoggerFactory.getLogger(RejectionLog.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RejectionLog(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    public void record(String sourceIp, int status, String reason, String detail, byte[] body) {
        record(InboxEvent.LEGACY_SOURCE, sourceIp, status, reason, detail, body);
    }

    /** @param source the webhook source whose path the request was sent to */
    public void record(String source, String sourceIp, int status, String reason, String detail, byte[] body) {
        try {
            jdbc.update("INSERT INTO rejected_request (received_at, source_ip, status, reason, detail, body_start, source) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?)", Timestamp.from(clock.instant()), truncate(sourceIp, 64), status,
                    truncate(reason, 64), truncate(Masking.text(detail), 255), bodyStart(body), truncate(source, 64));
        } catch (RuntimeException e) {
            LOG.debug("rejection not recorded: {}", e.toString());
        }
    }

    static String bodyStart(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(body, 0, Math.min(body.length, BODY_START))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
        return Masking.text(text.replaceAll("\\p{Cntrl}", " "));
    }
}
