package com.vobizrouter.sink.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

/**
 * An answer's body as the HTTP client hands it on: at most 4 KB, of which no more than one byte
 * past was read, and the stream of a longer one left unread and open (closing it would drain it).
 */
class BoundedAnswersTest {

    @Test
    void aOneMegabyteAnswerIsReadOnlyToItsFirstFourKilobytesAndNotDrained() throws Exception {
        Source megabyte = new Source(new byte[1 << 20]);
        ClassicHttpResponse response = new BasicClassicHttpResponse(400);
        response.setEntity(new InputStreamEntity(megabyte, ContentType.APPLICATION_JSON));
        HttpClientContext context = HttpClientContext.create();

        BoundedAnswers.keepFirstBytes(response, context);

        assertThat(EntityUtils.toByteArray(response.getEntity())).hasSize(BoundedAnswers.KEPT);
        assertThat(megabyte.read).isLessThanOrEqualTo(BoundedAnswers.KEPT + 1);
        assertThat(megabyte.closed).as("not drained by closing").isFalse();
        assertThat(BoundedAnswers.cut(context)).as("its connection is not reused").isTrue();
    }

    @Test
    void aShortAnswerIsKeptWholeAndItsConnectionReused() throws Exception {
        byte[] body = "{\"error\":\"no\"}".getBytes(StandardCharsets.UTF_8);
        Source small = new Source(body);
        ClassicHttpResponse response = new BasicClassicHttpResponse(404);
        response.setEntity(new InputStreamEntity(small, ContentType.APPLICATION_JSON));
        HttpClientContext context = HttpClientContext.create();

        BoundedAnswers.keepFirstBytes(response, context);

        assertThat(EntityUtils.toByteArray(response.getEntity())).isEqualTo(body);
        assertThat(small.closed).isTrue();
        assertThat(BoundedAnswers.cut(context)).isFalse();
    }

    /** A body that counts what was read of it and whether it was closed. */
    private static final class Source extends InputStream {

        private final ByteArrayInputStream bytes;
        long read;
        boolean closed;

        Source(byte[] content) {
            bytes = new ByteArrayInputStream(Arrays.copyOf(content, content.length));
        }

        @Override
        public int read() {
            int b = bytes.read();
            read += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            int n = bytes.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
