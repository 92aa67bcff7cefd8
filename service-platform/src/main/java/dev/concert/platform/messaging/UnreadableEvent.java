package dev.concert.platform.messaging;

/** A record this consumer cannot understand: parked with its reason, never skipped silently. */
public class UnreadableEvent extends RuntimeException {

    private final ParkReason reason;

    public UnreadableEvent(ParkReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public ParkReason reason() {
        return reason;
    }
}
