package dev.concert.e2e.load;

/** What a fan means to do once a seat is held; the mix decides which saga paths the run exercises. */
enum Persona {
    /** charges the price and pays: the happy path, COMPLETED */
    PAYER,
    /** charges half the price and pays: WalletDebitFailed, payment FAILED (INSUFFICIENT_BALANCE), hold expires */
    UNDERFUNDED,
    /** charges, waits until the hold has expired, then pays: refused (HOLD_EXPIRED), or REFUNDED if accepted */
    LATE_PAYER
}
