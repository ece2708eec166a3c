package com.vobizrouter.sink.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import com.vobizrouter.dispatch.Failure;
import com.vobizrouter.dispatch.FailureClassifier;
import org.apache.camel.CamelExecutionException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

/**
 * What each Kafka failure means for the event, found however deep Camel and the producer's
 * future wrapped it: what may pass is tried again, what will not is a dead letter saying why.
 */
class KafkaFailureRulesTest {

    private final FailureClassifier classifier = new FailureClassifier(List.of(new KafkaFailureRules()));

    @Test
    void aBrokerThatIsDownSlowOrShortOfReplicasIsTransient() {
        assertThat(classify(new TimeoutException("Topic router.events not present in metadata after 5000 ms."))).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
            assertThat(failure.reason()).isEqualTo("kafka: TimeoutException: Topic router.events not present in metadata after 5000 ms.");
        });
        assertThat(classify(new NetworkException("disconnected")).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classify(new NotEnoughReplicasException("1 of 3")).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classify(new UnknownTopicOrPartitionException("not yet")).kind()).isEqualTo(Failure.Kind.TRANSIENT);
    }

    @Test
    void whatTryingAgainCannotChangeIsPermanentWithTheReason() {
        assertThat(classify(new RecordTooLargeException("The message is 2000000 bytes"))).satisfies(failure -> {
            assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
            assertThat(failure.reason()).startsWith("kafka: the record is larger than the broker or topic accepts")
                    .contains("2000000 bytes");
        });
        assertThat(classify(new InvalidTopicException("bad name")).reason()).startsWith("kafka: the broker refuses the topic");
        assertThat(classify(new SerializationException("cannot")).reason()).startsWith("kafka: the record cannot be serialized");
        assertThat(classify(new TopicAuthorizationException(Set.of("router.events"))).reason()).startsWith("kafka: not authorized");
        assertThat(classify(new ClusterAuthorizationException("no")).kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(classify(new SaslAuthenticationException("bad password")).reason()).startsWith("kafka: authentication failed");
    }

    @Test
    void otherFailuresAreNotKafkasToJudge() {
        assertThat(new KafkaFailureRules().classify(new IllegalStateException("no"))).isNull();
    }

    /** As the route sees it: the producer's future wraps the cause, and Camel may wrap that. */
    private Failure classify(Exception cause) {
        return classifier.classify(new CamelExecutionException("send failed", null, new ExecutionException(cause)));
    }
}
