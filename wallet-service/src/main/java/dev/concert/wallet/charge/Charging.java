package dev.concert.wallet.charge;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import dev.concert.platform.web.IdempotencyKey;
import dev.concert.platform.web.OnceOnly;
import dev.concert.wallet.WalletLimits;
import dev.concert.wallet.wallet.Wallets;
import dev.concert.wallet.charge.ChargeRefused.Reason;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Adds money to a wallet, once per Idempotency-Key.
 * <p>
 * The balance change and its ledger row commit together. The unique (user, key) index is what makes a retry
 * idempotent, also when two copies of the same request run at the same time: the second insert fails, its
 * transaction (balance change included) rolls back, and it answers with the first one's ledger row.
 */
@Service
public class Charging {

    private final Wallets wallets;
    private final Ledger ledger;
    private final WalletLimits limits;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    public Charging(Wallets wallets, Ledger ledger, WalletLimits limits, TransactionTemplate tx, MeterRegistry meters) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.limits = limits;
        this.tx = tx;
        this.meters = meters;
    }

    public ChargeReceipt charge(UUID userId, String rawKey, Long requestedAmount) {
        IdempotencyKey key = IdempotencyKey.of(rawKey);
        ChargeAmount amount = ChargeAmount.of(requestedAmount, limits.maxCharge());
        return ChargeReceipt.of(OnceOnly.insertOrReplay(
                () -> ledger.findCharge(userId, key.value()),
                earlier -> replay(earlier, amount),
                () -> apply(userId, key, amount)));
    }

    private LedgerEntry apply(UUID userId, IdempotencyKey key, ChargeAmount amount) {
        wallets.open(userId);
        try {
            LedgerEntry charge = tx.execute(status -> {
                OptionalLong balance = wallets.credit(userId, amount.value(), limits.maxBalance());
                if (balance.isEmpty()) {
                    throw new ChargeRefused(Reason.BALANCE_LIMIT_EXCEEDED,
                            "the balance may not exceed " + limits.maxBalance() + " KRW");
                }
                return ledger.appendAndRead(LedgerEntry.charge(userId, amount.value(), balance.getAsLong(), key.value()));
            });
            meters.counter("wallet.charges", "outcome", "applied").increment();
            return charge;
        } catch (ChargeRefused refused) {
            // a copy of this request may have committed while we waited for the row lock: then it is a retry
            Optional<LedgerEntry> raced = refused.reason() == Reason.BALANCE_LIMIT_EXCEEDED
                    ? ledger.findCharge(userId, key.value()) : Optional.empty();
            return raced.map(earlier -> replay(earlier, amount)).orElseThrow(() -> refused);
        }
    }

    private LedgerEntry replay(LedgerEntry earlier, ChargeAmount amount) {
        if (earlier.amount() != amount.value()) {
            throw IdempotencyKey.reused("this Idempotency-Key was used for a charge of "
                    + earlier.amount() + " KRW; use a new key for a different charge");
        }
        meters.counter("wallet.charges", "outcome", "replayed").increment();
        return earlier;
    }
}
