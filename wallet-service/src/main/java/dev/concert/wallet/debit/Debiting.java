package dev.concert.wallet.debit;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.concert.events.DebitFailure;
import dev.concert.events.PaymentRequested;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.AfterCommit;
import dev.concert.platform.messaging.Outbox;
import dev.concert.wallet.wallet.Wallets;
import dev.concert.wallet.ledger.EntryKind;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Service;

/**
 * Saga step 5 in wallet-service: {@code PaymentRequested} → debit the wallet (never below zero) →
 * {@code WalletDebited}, or {@code WalletDebitFailed} when the balance does not cover the amount.
 * <p>
 * The inbox makes a redelivered event a no-op; the ledger's unique (payment, DEBIT or VOID) row makes a payment debited
 * at most once even if it were requested twice under different event ids, and never after reconciliation voided it
 * (if the void commits between the check and the insert, the insert fails and the retry sees the void).
 */
@Service
class Debiting {

    private final Wallets wallets;
    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry meters;

    Debiting(Wallets wallets, Ledger ledger, Outbox outbox, MeterRegistry meters) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
    }

    void debit(PaymentRequested e) {
        Optional<LedgerEntry> decided = ledger.decisionFor(e.paymentId());
        if (decided.isPresent()) {
            if (decided.get().kind() == EntryKind.VOID) {
                // reconciliation closed the payment first: it must never take money now
                refuse(e, DebitFailure.PAYMENT_EXPIRED);
            }
            return;
        }
        if (e.amount() <= 0) {
            refuse(e, DebitFailure.INVALID_AMOUNT);
            return;
        }
        OptionalLong balance = wallets.debit(e.userId(), e.amount());
        if (balance.isEmpty()) {
            refuse(e, DebitFailure.INSUFFICIENT_BALANCE);
            return;
        }
        ledger.append(LedgerEntry.debit(e.userId(), e.amount(), balance.getAsLong(), e.paymentId(), e.reservationId()));
        outbox.append(new WalletDebited(e.paymentId(), e.reservationId(), e.userId(), e.amount(),
                balance.getAsLong()));
        count("debited");
    }

    private void refuse(PaymentRequested e, DebitFailure reason) {
        outbox.append(new WalletDebitFailed(e.paymentId(), e.reservationId(), e.userId(), e.amount(), reason));
        count(reason.name().toLowerCase(Locale.ROOT));
    }

    private void count(String outcome) {
        AfterCommit.run(() -> meters.counter("wallet.debits", "outcome", outcome).increment());
    }
}
