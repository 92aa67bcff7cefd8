package dev.concert.wallet.ledger;

/** The direction of a ledger row; the amount itself is always positive. */
public enum EntryKind {
    /** the user added money */
    CHARGE,
    /** a payment took money */
    DEBIT,
    /** a debit was given back because its booking failed */
    REFUND;

    /** The signed effect on the balance of an entry of this kind. */
    public long effectOn(long amount) {
        return this == DEBIT ? -amount : amount;
    }
}
