package com.vobizrouter.testsupport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a valid Vobiz event into a hostile variant, driven only by the {@link Random} it is given,
 * so one seed always yields the same variants. A variant gets up to one structural change (a field
 * given another type or removed, {@code data} nested deeply) and up to three byte-level ones
 * (bit flips, byte insertions and deletions, truncation, JSON fragments and Unicode oddities
 * spliced in, a slice repeated, a key duplicated). Each step is described, so a failure can be
 * read without replaying it; a variant with no step is the valid event itself.
 */
public final class EventMutator {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] FIELDS = {"event_id", "event_id", "event_id", "event", "event", "timestamp", "channel_id", "data"};

    /** Text spliced into the JSON: structure, odd literals, escapes and raw Unicode oddities. */
    private static final String[] FRAGMENTS = {
        "{", "}", "[", "]", "\"", ",", ":", "\\", "null", "true", "-0", "1e999999", "-1e-999999", "NaN",
        "9".repeat(400), "9".repeat(1200), "{\"a\":1}", "[[[[[[[[", "]]]]", "\"event_id\":\"x\",", "\"event\":\"message.read\",",
        "\\ud800", "\\udc00", "\\u0000", "\\n", "\\u", "\\uZZZZ", "\u0000", "\u0001", "\u001f", "\u007f",
        "\ud83d\ude00", "\u202e", "\ufeff", "\u2028", "\u0301\u0301\u0301", "\u00a0", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\uffff",
        " ".repeat(2000), "\r\n", "\t"
    };
    /** Raw byte sequences that are not UTF-8 or are suspicious in it. */
    private static final String[] BYTES = {
        "FF", "FE", "C0AF", "C080", "EDA080", "EDBFBF", "F4908080", "F88080808080", "80", "C3", "E282", "EFBBBF", "00", "1F8B08"
    };
    private static final byte[] INTERESTING = {0x00, 0x7f, (byte) 0xff, (byte) 0x80, (byte) 0xc0, '"', '\\', '{', '}', '[', ']', ',', ':', ' ', '\n'};

    private final Random random;

    public EventMutator(Random random) {
        this.random = random;
    }

    /** A variant of {@code event}, whose {@code event_id} is {@code id}. */
    public record Mutant(String description, byte[] body) {

        public boolean unchanged() {
            return description.isEmpty();
        }
    }

    public Mutant mutate(ObjectNode event, String id) {
        List<String> steps = new ArrayList<>();
        ObjectNode tree = event.deepCopy();
        tree.put("event_id", id);
        if (random.nextInt(3) == 0) {
            swapType(tree, steps);
        }
        byte[] body = random.nextInt(8) == 0 ? nestData(tree, steps) : write(tree);
        int byteSteps = random.nextInt(4);
        for (int i = 0; i < byteSteps && body.length > 0; i++) {
            body = mutateBytes(body, id, steps);
        }
        return new Mutant(String.join("; ", steps), body);
    }

    private void swapType(ObjectNode tree, List<String> steps) {
        String field = FIELDS[random.nextInt(FIELDS.length)];
        JsonNode value = switch (random.nextInt(16)) {
            case 0 -> NODES.numberNode(random.nextLong());
            case 1 -> NODES.numberNode(new java.math.BigInteger("1" + "0".repeat(400)));
            case 2 -> NODES.numberNode(new java.math.BigDecimal("1E+999999"));
            case 3 -> NODES.booleanNode(random.nextBoolean());
            case 4 -> NODES.nullNode();
            case 5 -> NODES.arrayNode().add(tree.path(field).asText("x"));
            case 6 -> NODES.objectNode().put("id", tree.path(field).asText("x"));
            case 7 -> NODES.textNode("");
            case 8 -> NODES.textNode("   ");
            case 9 -> NODES.textNode("x".repeat(1 + random.nextInt(20_000)));
            case 10 -> NODES.textNode(tree.path(field).asText("x") + "\n" + "forged");
            case 11 -> NODES.textNode(tree.path(field).asText("x") + "\u0000");
            case 12 -> NODES.textNode(tree.path(field).asText("x") + "\ud83d\ude00");
            case 13 -> NODES.numberNode(-0.0);
            case 14 -> NODES.arrayNode();
            default -> null;
        };
        if (value == null) {
            tree.remove(field);
            steps.add("removed " + field);
        } else {
            tree.set(field, value);
            steps.add(field + " := " + abbreviate(value.toString()));
        }
    }

    private byte[] nestData(ObjectNode tree, List<String> steps) {
        int depth = random.nextBoolean() ? 1 + random.nextInt(1200) : 100_000;
        boolean arrays = random.nextBoolean();
        JsonNode data = tree.path("data");
        tree.put("data", "__NEST__");
        String inner = data.isMissingNode() ? "{}" : data.toString();
        String nested = arrays ? "[".repeat(depth) + inner + "]".repeat(depth) : "{\"a\":".repeat(depth) + inner + "}".repeat(depth);
        steps.add("data nested in " + depth + (arrays ? " arrays" : " objects"));
        return new String(write(tree), StandardCharsets.UTF_8).replace("\"__NEST__\"", nested).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutateBytes(byte[] body, String id, List<String> steps) {
        int position = random.nextInt(body.length + 1);
        switch (random.nextInt(10)) {
            case 0 -> {
                int at = Math.min(position, body.length - 1);
                int bit = random.nextInt(8);
                byte[] flipped = body.clone();
                flipped[at] ^= (byte) (1 << bit);
                steps.add("bit " + bit + " flipped at " + at);
                return flipped;
            }
            case 1 -> {
                byte inserted = random.nextBoolean() ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte) random.nextInt(256);
                steps.add(String.format("byte %02X inserted at %d", inserted, position));
                return splice(body, position, 0, new byte[] {inserted});
            }
            case 2 -> {
                int at = Math.min(position, body.length - 1);
                int length = 1 + random.nextInt(Math.min(16, body.length - at));
                steps.add(length + " bytes deleted at " + at);
                return splice(body, at, length, new byte[0]);
            }
            case 3 -> {
                steps.add("truncated to " + position + " bytes");
                return Arrays.copyOf(body, position);
            }
            case 4, 5 -> {
                String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                steps.add("'" + abbreviate(fragment) + "' spliced in at " + position);
                return splice(body, position, 0, fragment.getBytes(StandardCharsets.UTF_8));
            }
            case 6 -> {
                String hex = BYTES[random.nextInt(BYTES.length)];
                steps.add("bytes " + hex + " spliced in at " + position);
                return splice(body, position, 0, HexFormat.of().parseHex(hex));
            }
            case 7 -> {
                // Oddities inside the id itself, where they matter most.
                int end = RawHttp.indexOf(body, id.getBytes(StandardCharsets.UTF_8));
                if (end < 0) {
                    return body;
                }
                String fragment = FRAGMENTS[random.nextInt(FRAGMENTS.length)];
                steps.add("'" + abbreviate(fragment) + "' appended to the event id");
                return splice(body, end + id.length(), 0, fragment.getBytes(StandardCharsets.UTF_8));
            }
            case 8 -> {
                int from = random.nextInt(body.length);
                int length = 1 + random.nextInt(Math.min(body.length - from, 4096));
                int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 400 : 4);
                byte[] slice = Arrays.copyOfRange(body, from, from + length);
                ByteArrayOutputStream repeated = new ByteArrayOutputStream();
                for (int i = 0; i < times; i++) {
                    repeated.writeBytes(slice);
                }
                steps.add(length + " bytes from " + from + " repeated " + times + " times at " + position);
                return splice(body, position, 0, repeated.toByteArray());
            }
            default -> {
                int brace = RawHttp.indexOf(body, new byte[] {'{'});
                if (brace < 0) {
                    return body;
                }
                String key = random.nextBoolean() ? "\"event_id\":\"" + id + "-again\"," : "\"event\":\"contact.updated\",";
                steps.add("duplicate key " + key.substring(0, key.indexOf(':')) + " inserted");
                return splice(body, brace + 1, 0, key.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static byte[] splice(byte[] body, int at, int remove, byte[] insert) {
        byte[] result = new byte[body.length - remove + insert.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(insert, 0, result, at, insert.length);
        System.arraycopy(body, at + remove, result, at + insert.length, body.length - at - remove);
        return result;
    }

    private static byte[] write(ObjectNode tree) {
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String text) {
        StringBuilder visible = new StringBuilder();
        text.substring(0, Math.min(40, text.length())).chars().forEach(c -> visible.append(
                c < 0x20 || c == 0x7f || Character.isSurrogate((char) c) || c == 0x202e || c == 0xfeff || c == 0x2028
                        ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return text.length() > 40 ? visible + "…(" + text.length() + " chars)" : visible.toString();
    }
}
