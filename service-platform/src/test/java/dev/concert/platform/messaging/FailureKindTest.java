package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import dev.concert.events.EventCodec;

import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.transaction.CannotCreateTransactionException;

class FailureKindTest {

    /** How the container hands a handler's failure to the error handler. */
    private static Throwable fromListener(Throwable cause) {
        return new ListenerExecutionFailedException("listener failed", cause);
    }

    @Test
    void a_database_that_is_away_is_transient() {
        assertThat(FailureKind.of(fromListener(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("pool timed out"))))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new CannotGetJdbcConnectionException("refused",
                new SQLException("Communications link failure", "08S01"))))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new DataAccessResourceFailureException("gone"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new RuntimeException("wrapped",
                new SQLException("connection closed", "08003"))))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void lock_waits_deadlocks_and_timeouts_are_transient() {
        assertThat(FailureKind.of(fromListener(new CannotAcquireLockException("lock wait timeout"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new PessimisticLockingFailureException("deadlock"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new QueryTimeoutException("slow")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new RuntimeException(new SQLException("deadlock", "40001")))))
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void network_broker_and_other_service_failures_are_transient() {
        assertThat(FailureKind.of(fromListener(new IllegalStateException("call failed",
                new ConnectException("Connection refused"))))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new SocketTimeoutException("read timed out"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new org.springframework.kafka.core.KafkaProducerException(null, "send failed",
                new org.apache.kafka.common.errors.TimeoutException("metadata"))))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(fromListener(new OutboxRelay.OutboxPublishException("broker away", null))))
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void records_that_can_never_succeed_are_permanent() {
        assertThat(FailureKind.of(fromListener(new EventCodec.MalformedEventException("not json", null))))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.of(fromListener(new UnreadableEvent(ParkReason.NEWER_VERSION, "v2"))))
                .isEqualTo(FailureKind.PERMANENT);
        assertThat(FailureKind.of(fromListener(new RefusedEvent("negative refund"))))
                .isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void a_refusal_stays_permanent_even_when_it_wraps_an_io_error() {
        RefusedEvent refusal = new RefusedEvent("refused");
        refusal.initCause(new ConnectException("refused"));
        assertThat(FailureKind.of(fromListener(refusal))).isEqualTo(FailureKind.PERMANENT);
    }

    @Test
    void a_bug_is_unexpected_so_it_is_parked_after_bounded_tries() {
        assertThat(FailureKind.of(fromListener(new IllegalStateException("bug")))).isEqualTo(FailureKind.UNEXPECTED);
        assertThat(FailureKind.of(fromListener(new NullPointerException()))).isEqualTo(FailureKind.UNEXPECTED);
        assertThat(FailureKind.of(fromListener(new RuntimeException(new SQLException("syntax", "42000")))))
                .isEqualTo(FailureKind.UNEXPECTED);
    }

    @Test
    void the_park_reason_names_what_was_wrong() {
        assertThat(ParkReason.of(fromListener(new UnreadableEvent(ParkReason.UNKNOWN_TYPE, "?"))))
                .isEqualTo(ParkReason.UNKNOWN_TYPE);
        assertThat(ParkReason.of(fromListener(new EventCodec.MalformedEventException("x", null))))
                .isEqualTo(ParkReason.MALFORMED);
        assertThat(ParkReason.of(fromListener(new RefusedEvent("x")))).isEqualTo(ParkReason.REFUSED);
        assertThat(ParkReason.of(fromListener(new IllegalStateException("bug"))))
                .isEqualTo(ParkReason.FAILED_REPEATEDLY);
    }
}
