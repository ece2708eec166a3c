package com.vobizrouter.sink.kafka;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureRules;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The failures of {@code kafka} destinations. Transient (another attempt later, with backoff): a
 * broker that cannot be reached or does not answer in time (Kafka's {@code TimeoutException}),
 * and every failure Kafka itself calls retriable ({@link RetriableException}: no leader, not
 * enough replicas, a topic not known yet...). Permanent (a dead letter at once, saying why): a
 * record larger than the broker or topic takes, a topic name the broker refuses, a record that
 * cannot be serialized, and the cluster refusing who the router is or what it may do
 * (authentication, authorization): none of these passes by trying the same record again.
 */
public class KafkaFailureRules implements FailureRules {

    @Override
    public Failure classify(Throwable cause) {
        if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
            return Failure.permanent("kafka: the record is larger than the broker or topic accepts: " + cause.getMessage(), null);
        }
        if (cause instanceof InvalidTopicException) {
            return Failure.permanent("kafka: the broker refuses the topic: " + cause.getMessage(), null);
        }
        if (cause instanceof SerializationException) {
            return Failure.permanent("kafka: the record cannot be serialized: " + cause.getMessage(), null);
        }
        if (cause instanceof AuthorizationException) {
            return Failure.permanent("kafka: not authorized: " + cause.getMessage(), null);
        }
        if (cause instanceof AuthenticationException) {
            return Failure.permanent("kafka: authentication failed: " + cause.getMessage(), null);
        }
        if (cause instanceof RetriableException) {
            return Failure.transientFailure("kafka: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
        }
        if (cause instanceof KafkaException && cause.getCause() == null) {
            // Kafka's own failures that say nothing more: worth another try, within max-attempts.
            return Failure.transientFailure("kafka: " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), null, null);
        }
        return null;
    }
}
