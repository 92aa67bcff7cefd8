package dev.concert.wallet.charge;

import java.time.Instant;
import java.util.UUID;

import dev.concert.wallet.ledger.LedgerEntry;

/** The answer to a charge, built from its ledger row so that a retry with the same key gets the very same answer. */
public record ChargeReceipt(UUID transactionId, UUID userId, long amount, long balance, Instant chargedAt) {

    static ChargeReceipt of(LedgerEntry charge) {
        return new ChargeReceipt(charge.entryId(), charge.userId(), charge.amount(), charge.balanceAfter(),
                charge.createdAt());
    }
}
