package dev.concert.events;

/** Why wallet-service did not debit a payment; nothing was taken. */
public enum DebitFailure {
    INSUFFICIENT_BALANCE,
    /** zero or negative: cannot come from payment-service, but the payment must still end */
    INVALID_AMOUNT,
    /**
     * payment-service's reconciliation closed the payment before the wallet heard of it (its deadline passed): it
     * will never be debited (docs/saga.md, "every payment ends")
     */
    PAYMENT_EXPIRED
}
