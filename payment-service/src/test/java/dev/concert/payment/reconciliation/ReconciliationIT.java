package dev.concert.payment.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import dev.concert.payment.PaymentServiceTest;
import dev.concert.payment.ReservationServiceStub;
import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.payment.Payments;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every payment ends: a payment the saga left unfinished past the deadline is settled from the wallet's ledger and
 * reservation-service's decision (both internal APIs played by a local HTTP stub; the real ones are exercised by the
 * end-to-end fault matrix). Real MariaDB.
 */
@PaymentServiceTest
class ReconciliationIT {

    @Autowired
    ReconcileUnfinishedPayments reconciliation;
    @Autowired
    Payments payments;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;

    @Autowired
    WalletServiceClient wallet;
    @Autowired
    dev.concert.payment.reservationview.ReservationServiceClient reservationService;

    ReservationServiceStub others;

    @BeforeEach
    void setUp() {
        others = ReservationServiceStub.get();
        wallet.breaker().reset();
        reservationService.breaker().reset();
        reservationService.reconciliationBreaker().reset();
        // unfinished payments left by earlier runs would be reconciled first (oldest first) against a stub that does
        // not know them; this run's payments are all younger
        tx.executeWithoutResult(s -> jdbc.sql(
                        "DELETE FROM payment WHERE status IN ('PENDING', 'FAILED') AND created_at < NOW(6) - INTERVAL 100 SECOND")
                .update());
    }

    @AfterEach
    void restore() {
        others.reset();
    }

    /** A PENDING payment requested three minutes ago (past the 2-minute deadline). */
    private Payment stalePending() {
        Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 70_000, UUID.randomUUID().toString());
        tx.executeWithoutResult(s -> payments.add(payment));
        age(payment, 180);
        return payment;
    }

    private void age(Payment payment, int seconds) {
        tx.executeWithoutResult(s -> jdbc.sql("UPDATE payment SET created_at = NOW(6) - INTERVAL :s SECOND,"
                        + " finished_at = CASE WHEN finished_at IS NULL THEN NULL ELSE NOW(6) - INTERVAL :s SECOND END"
                        + " WHERE payment_id = :id")
                .param("s", seconds).param("id", payment.paymentId().toString()).update());
    }

    private Payment reread(Payment payment) {
        return payments.find(payment.paymentId()).orElseThrow();
    }

    @Test
    void a_payment_the_wallet_never_debited_ends_FAILED_and_the_wallet_voids_it() {
        Payment payment = stalePending();
        others.walletSays(payment.paymentId(), "VOIDED", 70_000);

        reconciliation.reconcileDue();

        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(reread(payment).failureReason()).isEqualTo("PAYMENT_EXPIRED");
    }

    @Test
    void a_debit_whose_hold_is_still_live_books_the_seat_and_ends_COMPLETED() {
        Payment payment = stalePending();
        others.walletSays(payment.paymentId(), "DEBITED", 70_000);
        others.confirmsLate(payment.reservationId(), "CONFIRMED", null);

        reconciliation.reconcileDue();

        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.COMPLETED);
    }

    @Test
    void a_debit_without_a_booking_is_refunded_and_ends_REFUNDED() {
        Payment payment = stalePending();
        others.walletSays(payment.paymentId(), "DEBITED", 70_000);
        others.confirmsLate(payment.reservationId(), "REFUSED", "HOLD_EXPIRED");

        reconciliation.reconcileDue();
        // refused: reservation-service announced it and the wallet refunds; the payment is FAILED with the debit on
        // its way back, and a later pass (refund events stuck or not) finds it REFUNDED in the ledger
        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(reread(payment).failureReason()).isEqualTo("HOLD_EXPIRED");

        others.walletSays(payment.paymentId(), "REFUNDED", 70_000);
        age(payment, 180);
        reconciliation.reconcileDue();
        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void a_young_pending_payment_is_left_to_the_saga() {
        Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 70_000, UUID.randomUUID().toString());
        tx.executeWithoutResult(s -> payments.add(payment));
        others.walletSays(payment.paymentId(), "VOIDED", 70_000);

        reconciliation.reconcileDue();

        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.PENDING);
    }

    @Test
    void while_the_wallet_cannot_be_asked_the_payment_stays_pending_and_nothing_is_guessed() {
        Payment payment = stalePending();
        others.goAway();

        reconciliation.reconcileDue();

        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.PENDING);
        others.reset();
        others.walletSays(payment.paymentId(), "VOIDED", 70_000);
        reconciliation.reconcileDue();
        assertThat(reread(payment).status()).isEqualTo(PaymentStatus.FAILED);
    }
}
