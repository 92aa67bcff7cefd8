package dev.concert.platform.messaging;

/**
 * Thrown by a handler for an event that breaks a rule and can never be applied, however often it is retried: the
 * record is parked at once (reason {@link ParkReason#REFUSED}). A saga step that can fail by rule answers with a
 * failure event instead; this is for events that should not exist.
 */
public class RefusedEvent extends RuntimeException {

    public RefusedEvent(String message) {
        super(message);
    }
}
