package dev.concert.platform.messaging;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import dev.concert.events.EventCodec;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one classifier of a consumer's failures, by the failure's type anywhere in its cause chain:
 * <ul>
 *   <li>{@link #TRANSIENT}: a dependency is away or busy (database, broker, Redis, another service; connection
 *       errors, timeouts, lock waits, deadlocks). The record is retried with back-off until it is back, never
 *       parked: the same record will succeed later.</li>
 *   <li>{@link #PERMANENT}: the record can never succeed (not an event, a type or version this consumer does not
 *       understand, a payload a handler refuses by rule). Parked at once.</li>
 *   <li>{@link #UNEXPECTED}: anything else, i.e. a bug. Retried a few times, then parked so the partition moves on;
 *       after the fix the operator replays it.</li>
 * </ul>
 * Permanent wins over transient when both appear in one chain (a refusal that wraps an I/O error is still a refusal).
 */
public enum FailureKind {
    TRANSIENT, PERMANENT, UNEXPECTED;

    /** Types from libraries a service may not have on its class path, matched by name (and their subclasses). */
    private static final Set<String> TRANSIENT_BY_NAME = Set.of(
            "org.apache.kafka.common.errors.RetriableException",
            "org.apache.kafka.common.errors.TimeoutException",
            "org.springframework.web.client.ResourceAccessException",
            "io.github.resilience4j.circuitbreaker.CallNotPermittedException",
            "io.lettuce.core.RedisConnectionException",
            "io.lettuce.core.RedisCommandTimeoutException",
            "dev.concert.platform.messaging.OutboxRelay$OutboxPublishException");

    /** Redis errors during a restart or failover: loading, read-only replica, no master yet, slot moving. */
    private static final List<String> REDIS_BUSY = List.of("LOADING", "READONLY", "MASTERDOWN", "TRYAGAIN",
            "CLUSTERDOWN", "NOREPLICAS");

    private static boolean isRedis(Throwable t) {
        String name = t.getClass().getName();
        return name.startsWith("io.lettuce.core.") || name.startsWith("org.springframework.data.redis.");
    }

    public static FailureKind of(Throwable failure) {
        boolean transientSeen = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (isPermanent(t)) {
                return PERMANENT;
            }
            transientSeen |= isTransient(t);
            if (t.getCause() == t) {
                break;
            }
        }
        return transientSeen ? TRANSIENT : UNEXPECTED;
    }

    private static boolean isPermanent(Throwable t) {
        return t instanceof EventCodec.MalformedEventException || t instanceof UnreadableEvent
                || t instanceof RefusedEvent;
    }

    private static boolean isTransient(Throwable t) {
        if (t instanceof TransientDataAccessException || t instanceof DataAccessResourceFailureException
                || t instanceof RecoverableDataAccessException || t instanceof CannotCreateTransactionException
                || t instanceof SQLTransientException || t instanceof SQLRecoverableException
                || t instanceof IOException || t instanceof TimeoutException) {
            return true;
        }
        if (t instanceof SQLException sql && sql.getSQLState() != null
                // 08: connection exception, 40: transaction rollback (deadlock, serialization), HYT00: timeout
                && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("40")
                || sql.getSQLState().equals("HYT00"))) {
            return true;
        }
        if (isRedis(t) && t.getMessage() != null && (t.getMessage().contains("not connected")
                || REDIS_BUSY.stream().anyMatch(t.getMessage()::startsWith))) {
            return true;
        }
        for (Class<?> c = t.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            if (TRANSIENT_BY_NAME.contains(c.getName())) {
                return true;
            }
        }
        return false;
    }
}
