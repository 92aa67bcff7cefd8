package dev.concert.queue.redis;

import java.io.IOException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;

/** Tells a Redis outage (refused, timed out, disconnected) apart from a bug (a failing script, a bad reply). */
public final class QueueStoreUnavailable {

    private QueueStoreUnavailable() {
    }

    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessException
                    || t instanceof IOException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.equals("io.lettuce.core.RedisConnectionException")
                    || name.equals("io.lettuce.core.RedisCommandTimeoutException")
                    || (name.equals("io.lettuce.core.RedisException") && t.getMessage() != null
                    && t.getMessage().contains("not connected"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
