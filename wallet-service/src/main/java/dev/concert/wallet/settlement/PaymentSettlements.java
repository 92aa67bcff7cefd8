package dev.concert.wallet.settlement;

import java.util.Optional;
import java.util.UUID;

import dev.concert.wallet.ledger.EntryKind;
import dev.concert.wallet.ledger.Ledger;
import dev.concert.wallet.ledger.LedgerEntry;
import dev.concert.wallet.wallet.Wallets;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the wallet's ledger says about a payment that stayed PENDING past its deadline, for payment-service's
 * reconciliation. A payment the ledger has not decided yet is voided on the spot (a VOID entry, no money moves): from
 * then on its {@code PaymentRequested}, however late, is refused, so "not debited" is final and the payment may end
 * FAILED without ever stranding money.
 */
@Service
class PaymentSettlements {

    /** The ledger's word on one payment. */
    enum State {
        /** debited and not given back: the reservation decides whether it ends COMPLETED or REFUNDED */
        DEBITED,
        /** debited and refunded */
        REFUNDED,
        /** never debited and now never will be */
        VOIDED
    }

    record Settlement(UUID paymentId, State state, long amount) {
    }

    private final Ledger ledger;
    private final Wallets wallets;
    private final TransactionTemplate tx;
    private final MeterRegistry meters;

    PaymentSettlements(Ledger ledger, Wallets wallets, TransactionTemplate tx, MeterRegistry meters) {
        this.ledger = ledger;
        this.wallets = wallets;
        this.tx = tx;
        this.meters = meters;
    }

    Settlement settle(UUID paymentId, UUID userId, UUID reservationId, long amount) {
        Optional<LedgerEntry> decided = ledger.decisionFor(paymentId);
        if (decided.isEmpty()) {
            try {
                tx.executeWithoutResult(status -> ledger.append(LedgerEntry.voided(userId, amount,
                        wallets.balanceOf(userId), paymentId, reservationId)));
                meters.counter("wallet.payments.voided").increment();
            } catch (DuplicateKeyException debitedMeanwhile) {
                // the debit committed first: report it
            }
            decided = ledger.decisionFor(paymentId);
        }
        LedgerEntry decision = decided.orElseThrow();
        if (decision.kind() == EntryKind.VOID) {
            return new Settlement(paymentId, State.VOIDED, decision.amount());
        }
        boolean refunded = ledger.findForPayment(paymentId, EntryKind.REFUND).isPresent();
        return new Settlement(paymentId, refunded ? State.REFUNDED : State.DEBITED, decision.amount());
    }
}
