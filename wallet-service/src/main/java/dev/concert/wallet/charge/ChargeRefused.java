package dev.concert.wallet.charge;

/** A charge that breaks a rule; nothing was written. */
public class ChargeRefused extends RuntimeException {

    public enum Reason {
        /** missing, zero or negative */
        INVALID_AMOUNT,
        /** above the configured per-charge limit */
        AMOUNT_ABOVE_LIMIT,
        /** the balance would exceed the configured maximum */
        BALANCE_LIMIT_EXCEEDED,
        /** blank, too long or not printable ASCII */
        INVALID_IDEMPOTENCY_KEY,
        /** the key was already used for a charge of a different amount */
        IDEMPOTENCY_KEY_REUSED
    }

    private final Reason reason;

    public ChargeRefused(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
