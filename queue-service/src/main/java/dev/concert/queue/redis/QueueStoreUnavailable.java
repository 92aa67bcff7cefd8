package dev.concert.queue.redis;

import dev.concert.platform.messaging.FailureKind;

/** Tells a Redis outage (refused, timed out, disconnected) apart from a bug (a failing script, a bad reply). */
public final class QueueStoreUnavailable {

    private QueueStoreUnavailable() {
    }

    /** The platform's one classifier: an outage is a transient failure (connection, timeout, I/O). */
    public static boolean isOutage(Throwable failure) {
        return FailureKind.of(failure) == FailureKind.TRANSIENT;
    }
}
