package dev.concert.wallet.charge;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import dev.concert.platform.web.IdempotencyKey;
import dev.concert.wallet.WalletLimits;
import dev.concert.wallet.wallet.Wallets;
import dev.concert.wallet.charge.ChargeRefused.Reason;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DuplicateKeyException;
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

        Optional<LedgerEntry> earlier = ledger.findCharge(userId, key.value());
        if (earlier.isPresent()) {
            return replay(earlier.get(), amount);
        }
        wallets.open(userId);
        try {
            ChargeReceipt receipt = tx.execute(status -> {
                OptionalLong balance = wallets.credit(userId, amount.value(), limits.maxBalance());
                if (balance.isEmpty()) {
                    throw new ChargeRefused(Reason.BALANCE_LIMIT_EXCEEDED,
                            "the balance may not exceed " + limits.maxBalance() + " KRW");
                }
                return ChargeReceipt.of(ledger.append(LedgerEntry.charge(userId, amount.value(), balance.getAsLong(),
                        key.value())));
            });
            meters.counter("wallet.charges", "outcome", "applied").increment();
            return receipt;
        } catch (DuplicateKeyException sameKeyCommittedFirst) {
            return replay(ledger.findCharge(userId, key.value()).orElseThrow(), amount);
        } catch (ChargeRefused refused) {
            // a copy of this request may have committed while we waited for the row lock: then it is a retry
            if (refused.reason() == Reason.BALANCE_LIMIT_EXCEEDED) {
                Optional<LedgerEntry> raced = ledger.findCharge(userId, key.value());
                if (raced.isPresent()) {
                    return replay(raced.get(), amount);
                }
            }
            throw refused;
        }
    }

    private ChargeReceipt replay(LedgerEntry earlier, ChargeAmount amount) {
        if (earlier.amount() != amount.value()) {
            throw IdempotencyKey.reused("this Idempotency-Key was used for a charge of "
                    + earlier.amount() + " KRW; use a new key for a different charge");
        }
        meters.counter("wallet.charges", "outcome", "replayed").increment();
        return ChargeReceipt.of(earlier);
    }
}
