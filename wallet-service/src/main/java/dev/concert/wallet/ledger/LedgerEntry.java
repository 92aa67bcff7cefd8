package dev.concert.wallet.ledger;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One movement of money. Charges carry the client's idempotency key; debits and refunds carry the payment they
 * belong to, which the database keeps unique per kind. {@code createdAt} is null until the row is stored: the
 * database stamps it (CURRENT_TIMESTAMP(6)), so that what a retry reads back is exactly what the first answer said.
 */
public record LedgerEntry(UUID entryId, UUID userId, EntryKind kind, long amount, long balanceAfter, UUID paymentId,
                          UUID reservationId, String idempotencyKey, Instant createdAt) {

    public LedgerEntry {
        Objects.requireNonNull(entryId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(kind);
        if (amount <= 0) {
            throw new IllegalArgumentException("a ledger amount is positive, the kind gives the direction");
        }
        if (balanceAfter < 0) {
            throw new IllegalArgumentException("a balance is never negative");
        }
        if ((kind == EntryKind.CHARGE) != (paymentId == null)) {
            throw new IllegalArgumentException("debits and refunds belong to a payment, charges do not");
        }
    }

    public static LedgerEntry charge(UUID userId, long amount, long balanceAfter, String idempotencyKey) {
        return new LedgerEntry(UUID.randomUUID(), userId, EntryKind.CHARGE, amount, balanceAfter, null, null,
                idempotencyKey, null);
    }

    public static LedgerEntry debit(UUID userId, long amount, long balanceAfter, UUID paymentId, UUID reservationId) {
        return new LedgerEntry(UUID.randomUUID(), userId, EntryKind.DEBIT, amount, balanceAfter, paymentId,
                reservationId, null, null);
    }

    /** The payment will never be debited (its deadline passed first); the balance is unchanged. */
    public static LedgerEntry voided(UUID userId, long amount, long balance, UUID paymentId, UUID reservationId) {
        return new LedgerEntry(UUID.randomUUID(), userId, EntryKind.VOID, amount, balance, paymentId, reservationId,
                null, null);
    }

    public static LedgerEntry refund(LedgerEntry debit, long balanceAfter) {
        if (debit.kind() != EntryKind.DEBIT) {
            throw new IllegalArgumentException("only a debit can be refunded, not a " + debit.kind());
        }
        return new LedgerEntry(UUID.randomUUID(), debit.userId(), EntryKind.REFUND, debit.amount(), balanceAfter,
                debit.paymentId(), debit.reservationId(), null, null);
    }
}
