package com.vobizrouter.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;

import com.vobizrouter.sink.salesforce.SalesforceFailureRules;
import com.vobizrouter.sink.salesforce.SalesforceRecordException;
import com.vobizrouter.sink.zendesk.ZendeskFailureRules;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.salesforce.api.SalesforceException;
import org.apache.camel.component.salesforce.api.dto.RestError;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.support.SQLStateSQLExceptionTranslator;

/** Pins which sink failures are retried, which are final, and which only wait. */
class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier(List.of(new SalesforceFailureRules(), new ZendeskFailureRules()));

    @Test
    void retriesIoErrorsAndTimeoutsEvenWhenWrapped() {
        assertThat(classifier.classify(new RuntimeCamelException(new IOException("connection reset"))).kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(new SocketTimeoutException("read timed out")).kind()).isEqualTo(Failure.Kind.TRANSIENT);
    }

    @Test
    void letsAnEventWhoseSinkLockIsHeldWaitItsTurnEvenWhenWrapped() {
        Failure failure = classifier.classify(new RuntimeCamelException(new SinkBusyException("zendesk:c1 is being delivered")));
        assertThat(failure.kind()).isEqualTo(Failure.Kind.BUSY);
        assertThat(failure.reason()).isEqualTo("zendesk:c1 is being delivered");
    }

    @Test
    void retriesSalesforceServerErrorsAndRequestLimits() {
        assertThat(classifier.classify(new SalesforceException("down", 503)).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(new SalesforceException("slow down", 429)).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(new SalesforceException(List.of(new RestError("REQUEST_LIMIT_EXCEEDED",
                "TotalRequests Limit exceeded.")), 403)).kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(new SalesforceException(
                "[{\"errorCode\":\"REQUEST_LIMIT_EXCEEDED\",\"message\":\"TotalRequests Limit exceeded.\"}]", 403)).kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
    }

    @Test
    void givesUpAtOnceOnSalesforceValidationErrorsKeepingItsAnswer() {
        Failure failure = classifier.classify(new SalesforceException(List.of(new RestError("INVALID_EMAIL_ADDRESS",
                "Email: invalid email address: not-an-email")), 400));
        assertThat(failure.kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(failure.reason()).contains("400");
        assertThat(failure.sinkResponse()).contains("INVALID_EMAIL_ADDRESS");
    }

    @Test
    void givesUpOnARefusedRecordUnlessItsCodeSaysTryLater() {
        assertThat(classifier.classify(new SalesforceRecordException("REQUIRED_FIELD_MISSING", "LastName", "{}")).kind())
                .isEqualTo(Failure.Kind.PERMANENT);
        assertThat(classifier.classify(new SalesforceRecordException("UNABLE_TO_LOCK_ROW", "locked", "{}")).kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
    }

    @Test
    void givesUpOnMappingErrorsAndDatabaseConstraintViolationsButRetriesPassingDatabaseTrouble() {
        assertThat(classifier.classify(new MappingException("data.contact.id is missing")).reason()).startsWith("mapping:");
        assertThat(classifier.classify(new MappingException("x")).kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(classifier.classify(new DataIntegrityViolationException("value too long")).kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(classifier.classify(new TransientDataAccessResourceException("connection lost")).kind())
                .isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(classifier.classify(new org.springframework.dao.DuplicateKeyException("concurrent insert")).kind())
                .as("a concurrent write of the same row").isEqualTo(Failure.Kind.TRANSIENT);
    }

    @Test
    void retriesWhenTheDatabaseIsUnreachableOrNoPooledConnectionIsFree() {
        // What Spring makes of PostgreSQL going away mid-statement (SQL state 08006) and of a pool
        // that found no free connection in time: both pass, neither says anything about the event.
        Exception connectionLost = new SQLStateSQLExceptionTranslator().translate("INSERT INTO vobiz_event", null,
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        Exception noConnection = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available, request timed out after 2000ms."));
        for (Exception database : new Exception[] {connectionLost, noConnection}) {
            Failure failure = classifier.classify(new RuntimeCamelException(database));
            assertThat(failure.kind()).as(database.toString()).isEqualTo(Failure.Kind.TRANSIENT);
            assertThat(failure.reason()).startsWith("database unavailable: ");
        }
    }

    @Test
    void parksWhenASinkHasNoCredentials() {
        assertThat(classifier.classify(new RuntimeCamelException(new SinkParkedException("zendesk", "no token"))).kind())
                .isEqualTo(Failure.Kind.PARKED);
    }

    @Test
    void retriesWhatItDoesNotRecognise() {
        Failure failure = classifier.classify(new IllegalStateException("surprise"));
        assertThat(failure.kind()).isEqualTo(Failure.Kind.TRANSIENT);
        assertThat(failure.retryAfter()).isNull();
    }
}
