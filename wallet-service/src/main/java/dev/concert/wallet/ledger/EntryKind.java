package dev.concert.wallet.ledger;

/** The direction of a ledger row; the amount itself is always positive. */
public enum EntryKind {
    /** the user added money */
    CHARGE,
    /** a payment took money */
    DEBIT,
    /** a debit was given back because its booking failed */
    REFUND,
    /**
     * a payment closed by reconciliation before it was debited: it never will be. Moves no money; the database lets a
     * payment have a DEBIT or a VOID, never both, so whichever of the debit and the reconciliation comes first wins.
     */
    VOID;

    /** The signed effect on the balance of an entry of this kind. */
    public long effectOn(long amount) {
        return switch (this) {
            case DEBIT -> -amount;
            case VOID -> 0;
            case CHARGE, REFUND -> amount;
        };
    }
}
