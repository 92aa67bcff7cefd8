package dev.concert.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DebitFailure;
import dev.concert.events.PaymentRequested;

import org.junit.jupiter.api.Test;

/** The payment aggregate: given a state and an outcome, the new state (or a refusal). */
class PaymentTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final UUID reservation = UUID.randomUUID();
    private final UUID owner = UUID.randomUUID();

    @Test
    void a_new_payment_is_pending_claims_its_reservation_and_announces_PaymentRequested() {
        Payment p = Payment.request(reservation, owner, 150_000, "key-1");

        assertThat(p.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(p.requested()).isEqualTo(new PaymentRequested(p.paymentId(), reservation, owner, 150_000));
    }

    @Test
    void a_payment_of_nothing_is_refused() {
        assertThatThrownBy(() -> Payment.request(reservation, owner, 0, "k"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_booked_seat_completes_the_payment() {
        Payment p = Payment.request(reservation, owner, 150_000, "k");

        p.settle(PaymentStatus.COMPLETED, null, NOW);

        assertThat(p.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(p.finishedAt()).isEqualTo(NOW);
        assertThat(p.failureReason()).isNull();
    }

    @Test
    void a_failure_keeps_its_first_reason_through_the_refund() {
        Payment p = Payment.request(reservation, owner, 150_000, "k");

        p.settle(PaymentStatus.FAILED, ConfirmationFailure.HOLD_EXPIRED, NOW);
        p.settle(PaymentStatus.REFUNDED, null, NOW.plusSeconds(1));

        assertThat(p.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(p.failureReason()).isEqualTo("HOLD_EXPIRED");
    }

    @Test
    void a_refund_heard_before_the_failure_is_explained_afterwards_once() {
        Payment p = Payment.request(reservation, owner, 150_000, "k");
        p.settle(PaymentStatus.REFUNDED, null, NOW);

        assertThat(p.explain(ConfirmationFailure.HOLD_EXPIRED)).isTrue();
        assertThat(p.explain(DebitFailure.INSUFFICIENT_BALANCE)).isFalse();
        assertThat(p.failureReason()).isEqualTo("HOLD_EXPIRED");
    }

    @Test
    void a_pending_payment_has_nothing_to_explain() {
        assertThat(Payment.request(reservation, owner, 1, "k").explain(DebitFailure.INSUFFICIENT_BALANCE)).isFalse();
    }

    @Test
    void a_finished_payment_does_not_move_again() {
        Payment completed = PaymentFixtures.in(PaymentStatus.COMPLETED, reservation, owner, 150_000);

        assertThatThrownBy(() -> completed.settle(PaymentStatus.REFUNDED, null, NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> completed.settle(PaymentStatus.FAILED, DebitFailure.INSUFFICIENT_BALANCE, NOW))
                .isInstanceOf(IllegalStateException.class);
        assertThat(completed.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThatThrownBy(completed::requested).isInstanceOf(IllegalStateException.class);
    }
}
