package dev.concert.payment.request;

/** A payment that may not start; nothing was written. */
public class PaymentRefused extends RuntimeException {

    public enum Reason {
        INVALID_IDEMPOTENCY_KEY,
        /** the same key was used for another reservation */
        IDEMPOTENCY_KEY_REUSED,
        RESERVATION_NOT_FOUND,
        NOT_YOUR_RESERVATION,
        /** released (expired, cancelled) or never held */
        RESERVATION_NOT_HELD,
        HOLD_EXPIRED,
        PAYMENT_IN_PROGRESS,
        ALREADY_PAID,
        RESERVATION_SERVICE_UNAVAILABLE
    }

    private final Reason reason;

    public PaymentRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
