package com.vobizrouter.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Speaks HTTP/1.1 over a plain socket, byte for byte as told. Java's {@code HttpClient} refuses
 * control characters in headers, chooses the framing itself and cannot stall or dribble a body,
 * which is exactly what hostile senders do; this client can.
 *
 * <p>The request is written on its own thread while the answer is read, so a server that answers
 * early (413 on a declared length) and closes is seen answering, not as a failed write. An answer
 * is either a status line with headers and body, or none: the server closed or reset the
 * connection without a status line ({@link Answer#closed()}), or said nothing until
 * {@code readTimeout} ({@link Answer#timedOut()}), never waited on for longer.
 */
public final class RawHttp {

    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "raw-http-writer");
        thread.setDaemon(true);
        return thread;
    });
    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "raw-http-pacer");
        thread.setDaemon(true);
        return thread;
    });

    private RawHttp() {
    }

    /**
     * What came back: a status (-1 when no answer came), the head as text, the body bytes, whether
     * the server closed the connection, whether time ran out first, and how long it all took.
     */
    public record Answer(int status, String head, byte[] body, boolean closed, boolean timedOut, Duration elapsed) {

        public boolean answered() {
            return status > 0;
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Value of the first header with this name (case-insensitive), or null. */
        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }

        @Override
        public String toString() {
            if (!answered()) {
                return (timedOut ? "no answer within " : "connection closed without an answer after ") + elapsed.toMillis() + " ms";
            }
            String text = bodyText();
            return status + " " + (text.length() > 200 ? text.substring(0, 200) + "..." : text) + " after " + elapsed.toMillis() + " ms"
                    + (closed ? ", then closed" : "");
        }
    }

    /**
     * How the request bytes are written: all at once, or {@code head} then the rest one chunk of
     * {@code chunkBytes} every {@code interval}, or {@code head} and then nothing at all.
     */
    public record Pace(int head, int chunkBytes, Duration interval, boolean stall) {

        public static final Pace AT_ONCE = new Pace(Integer.MAX_VALUE, 0, Duration.ZERO, false);

        /** Writes the first {@code head} bytes, then one byte every {@code interval}. */
        public static Pace dribble(int head, Duration interval) {
            return new Pace(head, 1, interval, false);
        }

        /** Writes the first {@code head} bytes and never the rest, keeping the connection open. */
        public static Pace stallAfter(int head) {
            return new Pace(head, 0, Duration.ZERO, true);
        }
    }

    /** Sends {@code request} (a complete HTTP message) all at once. */
    public static Answer exchange(int port, byte[] request, Duration readTimeout) {
        return exchange(port, request, Pace.AT_ONCE, readTimeout, false);
    }

    /**
     * Sends {@code request} at the given pace and reads the answer for at most {@code readTimeout}.
     * Interim 1xx answers are skipped. With {@code awaitClose} it keeps reading after the answer
     * until the server closes the connection (or the time is up), and {@link Answer#closed()}
     * tells whether it did.
     */
    public static Answer exchange(int port, byte[] request, Pace pace, Duration readTimeout, boolean awaitClose) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) readTimeout.toMillis());
            CompletableFuture<Void> writing = write(socket.getOutputStream(), request, pace);
            try {
                boolean head = request.length >= 5 && new String(request, 0, 5, StandardCharsets.ISO_8859_1).equals("HEAD ");
                return read(socket.getInputStream(), start, head, awaitClose);
            } finally {
                writing.cancel(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot connect to 127.0.0.1:" + port, e);
        }
    }

    /** A request head: request line, then each header line as given (raw bytes, ISO-8859-1). */
    public static byte[] head(String method, String target, String... headerLines) {
        StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n");
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The body in chunked transfer coding, in chunks of at most {@code chunkSize} bytes. */
    public static byte[] chunked(byte[] body, int chunkSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + body.length / Math.max(1, chunkSize) * 8 + 16);
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            int length = Math.min(chunkSize, body.length - offset);
            out.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, offset, length);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    public static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    private static CompletableFuture<Void> write(OutputStream out, byte[] request, Pace pace) {
        int head = Math.min(pace.head(), request.length);
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            try {
                out.write(request, 0, head);
                out.flush();
            } catch (IOException ignored) {
                // The server may answer and close before reading everything: that is its right.
            }
        }, WRITERS);
        if (head == request.length || pace.stall()) {
            return done;
        }
        CompletableFuture<Void> paced = new CompletableFuture<>();
        int[] offset = {head};
        var task = PACER.scheduleAtFixedRate(() -> {
            if (paced.isDone()) {
                return;
            }
            try {
                int length = Math.min(pace.chunkBytes(), request.length - offset[0]);
                out.write(request, offset[0], length);
                out.flush();
                offset[0] += length;
                if (offset[0] >= request.length) {
                    paced.complete(null);
                }
            } catch (IOException e) {
                paced.complete(null);
            }
        }, pace.interval().toMillis(), pace.interval().toMillis(), TimeUnit.MILLISECONDS);
        paced.whenComplete((ignored, error) -> task.cancel(false));
        return paced;
    }

    private static Answer read(InputStream in, long start, boolean headRequest, boolean awaitClose) {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean eof = false;
        boolean timedOut = false;
        Framing framing = null;
        try {
            int n;
            while (true) {
                if (framing == null) {
                    framing = Framing.of(received.toByteArray(), headRequest);
                    if (framing != null && framing.interim()) {
                        byte[] rest = java.util.Arrays.copyOfRange(received.toByteArray(), framing.bodyStart(), received.size());
                        received.reset();
                        received.writeBytes(rest);
                        framing = null;
                        continue;
                    }
                }
                if (framing != null && !awaitClose && framing.complete(received.toByteArray())) {
                    break;
                }
                if ((n = in.read(buffer)) == -1) {
                    eof = true;
                    break;
                }
                received.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            timedOut = true;
        } catch (IOException reset) {
            // Connection reset: whatever arrived before it is the answer, if anything did.
            eof = true;
        }
        byte[] all = received.toByteArray();
        if (framing == null) {
            framing = Framing.of(all, headRequest);
        }
        if (framing == null || framing.interim()) {
            return new Answer(-1, new String(all, StandardCharsets.ISO_8859_1), new byte[0], eof, timedOut && !eof, since(start));
        }
        if (!framing.complete(all) && !eof) {
            return new Answer(-1, framing.head(), new byte[0], false, true, since(start));
        }
        return new Answer(framing.status(), framing.head(), framing.body(all), eof, false, since(start));
    }

    /** Where an answer's head ends and how its body is delimited. */
    private record Framing(int status, String head, int bodyStart, long contentLength, boolean chunked) {

        static Framing of(byte[] received, boolean headRequest) {
            int end = indexOf(received, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            if (end < 0) {
                return null;
            }
            String head = new String(received, 0, end, StandardCharsets.ISO_8859_1);
            String[] parts = head.split("\r\n", 2)[0].split(" ");
            int status = parts.length > 1 && parts[1].matches("\\d{3}") ? Integer.parseInt(parts[1]) : -1;
            long length = -1;
            boolean chunked = false;
            for (String line : head.split("\r\n")) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(line.substring("content-length:".length()).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            if (headRequest || status == 204 || status == 304 || (status >= 100 && status < 200)) {
                length = 0;
                chunked = false;
            }
            return new Framing(status, head, end + 4, length, chunked);
        }

        boolean interim() {
            return status >= 100 && status < 200;
        }

        /** Whether the whole body has arrived; a body delimited by the close is never complete before it. */
        boolean complete(byte[] received) {
            int bodyBytes = received.length - bodyStart;
            if (chunked) {
                return indexOf(java.util.Arrays.copyOfRange(received, bodyStart, received.length),
                        "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)) >= 0;
            }
            return contentLength >= 0 && bodyBytes >= contentLength;
        }

        byte[] body(byte[] received) {
            byte[] body = java.util.Arrays.copyOfRange(received, Math.min(bodyStart, received.length), received.length);
            if (chunked) {
                return unchunk(body);
            }
            return contentLength >= 0 && body.length > contentLength ? java.util.Arrays.copyOf(body, (int) contentLength) : body;
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int position = 0;
        while (position < chunked.length) {
            int lineEnd = indexOf(java.util.Arrays.copyOfRange(chunked, position, chunked.length), "\r\n".getBytes(StandardCharsets.US_ASCII));
            if (lineEnd < 0) {
                break;
            }
            String sizeText = new String(chunked, position, lineEnd, StandardCharsets.US_ASCII).split(";")[0].trim();
            int size = Integer.parseInt(sizeText, 16);
            position += lineEnd + 2;
            if (size == 0 || position + size > chunked.length) {
                break;
            }
            out.write(chunked, position, size);
            position += size + 2;
        }
        return out.toByteArray();
    }

    /** Where needle first starts in haystack, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
