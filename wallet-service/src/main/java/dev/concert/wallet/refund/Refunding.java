package dev.concert.wallet.refund;

import java.util.Optional;

import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.platform.messaging.AfterCommit;
import dev.concert.platform.messaging.Outbox;
import dev.concert.wallet.wallet.Wallets;
import dev.concert.wallet.ledger.EntryKind;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;

import io.micrometer.core.instrument.MeterRegistry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Saga step 8, the compensation: {@code ReservationConfirmationFailed} → give the payment's debit back, once →
 * {@code WalletRefunded}. The amount refunded is the one the ledger says was debited, not the one in the event.
 */
@Service
class Refunding {

    private static final Logger log = LoggerFactory.getLogger(Refunding.class);

    private final Wallets wallets;
    private final Ledger ledger;
    private final Outbox outbox;
    private final MeterRegistry meters;

    Refunding(Wallets wallets, Ledger ledger, Outbox outbox, MeterRegistry meters) {
        this.wallets = wallets;
        this.ledger = ledger;
        this.outbox = outbox;
        this.meters = meters;
    }

    void refund(ReservationConfirmationFailed e) {
        Optional<LedgerEntry> debit = ledger.findForPayment(e.paymentId(), EntryKind.DEBIT);
        if (debit.isEmpty()) {
            log.warn("confirmation of payment {} failed but it was never debited here: nothing to refund",
                    e.paymentId());
            return;
        }
        if (ledger.findForPayment(e.paymentId(), EntryKind.REFUND).isPresent()) {
            return;
        }
        long balance = wallets.refund(debit.get().userId(), debit.get().amount());
        LedgerEntry refund = ledger.append(LedgerEntry.refund(debit.get(), balance));
        outbox.append(new WalletRefunded(e.paymentId(), e.reservationId(), refund.userId(), refund.amount(),
                balance));
        AfterCommit.run(() -> meters.counter("wallet.refunds").increment());
    }
}
