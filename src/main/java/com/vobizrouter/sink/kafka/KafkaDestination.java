package com.vobizrouter.sink.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One configured {@code kafka} destination: the brokers the router connects to first
 * ({@code brokers}, Kafka's bootstrap servers) and the topic every record goes to ({@code topic}).
 *
 * <p>Validating what an operator wrote is the configuration's job; this record refuses what the
 * delivery code cannot work with, with an {@link IllegalArgumentException} whose message starts
 * with the key suffix at fault ({@code brokers}, {@code topic}). Both become part of a Kafka
 * endpoint URI, so only the characters Kafka itself allows there pass: never a {@code {{}, a
 * {@code &} or a {@code ?}.
 *
 * @param brokers the bootstrap servers, {@code host:port} joined by commas, without spaces
 * @param topic   a legal Kafka topic name
 */
public record KafkaDestination(String name, String brokers, String topic) {

    /** A host name, an IPv4 address or a bracketed IPv6 address, then a port. */
    private static final Pattern BROKER = Pattern.compile("(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*"
            + "|\\[[0-9A-Fa-f:.]{2,45}\\]):([0-9]{1,5})");
    /** Kafka's own rule for a topic name (Topic.validate): at most 249 of these characters, not "." or "..". */
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    public KafkaDestination {
        if (name == null || !name.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("name: lower-case letters and digits only: " + name);
        }
        brokers = checkedBrokers(brokers);
        topic = checkedTopic(topic);
    }

    private static String checkedBrokers(String brokers) {
        if (brokers == null || brokers.isBlank()) {
            throw new IllegalArgumentException("brokers: is required: the bootstrap servers, host:port[,host:port...]");
        }
        List<String> checked = new ArrayList<>();
        for (String broker : brokers.split(",", -1)) {
            String trimmed = broker.trim();
            var matcher = BROKER.matcher(trimmed);
            if (!matcher.matches()) {
                throw new IllegalArgumentException("brokers: '" + abbreviated(trimmed) + "' is not host:port");
            }
            int port = Integer.parseInt(matcher.group(1));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("brokers: port of '" + trimmed + "' is not between 1 and 65535");
            }
            checked.add(trimmed);
        }
        return String.join(",", checked);
    }

    private static String checkedTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException("topic: is required: the Kafka topic every record goes to");
        }
        String trimmed = topic.trim();
        if (!TOPIC.matcher(trimmed).matches() || trimmed.equals(".") || trimmed.equals("..")) {
            throw new IllegalArgumentException("topic: '" + abbreviated(trimmed) + "' is not a Kafka topic name (1 to 249 of "
                    + "letters, digits, '.', '_' and '-'; not '.' or '..')");
        }
        return trimmed;
    }

    private static String abbreviated(String text) {
        return text.length() > 100 ? text.substring(0, 100) + "..." : text;
    }
}
