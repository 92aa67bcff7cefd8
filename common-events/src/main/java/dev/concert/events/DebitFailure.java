package dev.concert.events;

/** Why wallet-service did not debit a payment; nothing was taken. */
public enum DebitFailure {
    INSUFFICIENT_BALANCE,
    /** zero or negative: cannot come from payment-service, but the payment must still end */
    INVALID_AMOUNT
}
