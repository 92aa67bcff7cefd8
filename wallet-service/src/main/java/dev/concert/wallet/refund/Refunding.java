package dev.concert.wallet.refund;

import java.util.Optional;
import java.util.UUID;

import dev.concert.events.BookingCancelled;
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
 * {@code WalletRefunded}; and step C, a booking its owner cancelled before the show: {@code BookingCancelled} → the
 * same refund. The amount refunded is the one the ledger says was debited, not the one in the event, and a payment is
 * refunded once whichever of the two events asks and however often (one REFUND ledger row per payment).
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
        refund(e.paymentId(), e.reservationId(), "confirmation of payment " + e.paymentId() + " failed");
    }

    void refund(BookingCancelled e) {
        refund(e.paymentId(), e.reservationId(), "the booking paid by payment " + e.paymentId() + " was cancelled");
    }

    private void refund(UUID paymentId, UUID reservationId, String why) {
        Optional<LedgerEntry> debit = ledger.findForPayment(paymentId, EntryKind.DEBIT);
        if (debit.isEmpty()) {
            log.warn("{} but it was never debited here: nothing to refund", why);
            return;
        }
        if (ledger.findForPayment(paymentId, EntryKind.REFUND).isPresent()) {
            return;
        }
        long balance = wallets.refund(debit.get().userId(), debit.get().amount());
        LedgerEntry refund = LedgerEntry.refund(debit.get(), balance);
        ledger.append(refund);
        outbox.append(new WalletRefunded(paymentId, reservationId, refund.userId(), refund.amount(), balance));
        AfterCommit.run(() -> meters.counter("wallet.refunds").increment());
    }
}
