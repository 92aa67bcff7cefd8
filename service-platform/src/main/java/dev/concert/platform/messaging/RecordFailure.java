package dev.concert.platform.messaging;

import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What a batch listener reports when one record cannot be applied: which record (its index in the polled batch) and,
 * by its class, the failure's {@link FailureKind}. The error handler's failed-record tracker compares the classes of
 * successive failures of a record, so a record that failed transiently and then with a bug starts its count of tries
 * afresh instead of being waited on for ever (and the reverse: an outage after a bug does not park the record).
 */
public sealed class RecordFailure extends BatchListenerFailedException {

    private RecordFailure(String message, Throwable cause, int index) {
        super(message, cause, index);
    }

    public static RecordFailure of(Throwable cause, int index) {
        String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
        return switch (FailureKind.of(cause)) {
            case TRANSIENT -> new Transient(message, cause, index);
            case PERMANENT -> new Permanent(message, cause, index);
            case UNEXPECTED -> new Unexpected(message, cause, index);
        };
    }

    static final class Transient extends RecordFailure {
        Transient(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    static final class Permanent extends RecordFailure {
        Permanent(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }

    static final class Unexpected extends RecordFailure {
        Unexpected(String message, Throwable cause, int index) {
            super(message, cause, index);
        }
    }
}
