package dev.concert.wallet.charge;

import dev.concert.wallet.charge.ChargeRefused.Reason;

/** What a user may add in one charge: a positive whole number of KRW up to the configured limit. */
public record ChargeAmount(long value) {

    public static ChargeAmount of(Long requested, long maxCharge) {
        if (requested == null) {
            throw new ChargeRefused(Reason.INVALID_AMOUNT, "amount is required");
        }
        if (requested <= 0) {
            throw new ChargeRefused(Reason.INVALID_AMOUNT, "amount must be a positive whole number of KRW");
        }
        if (requested > maxCharge) {
            throw new ChargeRefused(Reason.AMOUNT_ABOVE_LIMIT, "a single charge is at most " + maxCharge + " KRW");
        }
        return new ChargeAmount(requested);
    }
}
