package dev.concert.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;

import dev.concert.events.PaymentRequested;

import org.junit.jupiter.api.Test;

/** The payment aggregate: a request, what it announces, and its moves as PaymentStatus allows them. */
class PaymentTest {

    private final UUID reservation = UUID.randomUUID();
    private final UUID owner = UUID.randomUUID();

    @Test
    void a_new_payment_is_pending_claims_its_reservation_and_announces_PaymentRequested() {
        Payment p = Payment.request(reservation, owner, 150_000, "key-1");

        assertThat(p.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(p.requested()).isEqualTo(new PaymentRequested(p.paymentId(), reservation, owner, 150_000));
    }

    @Test
    void a_settled_payment_no_longer_announces_a_request() {
        Payment completed = PaymentFixtures.in(PaymentStatus.COMPLETED, reservation, owner, 150_000);

        assertThatThrownBy(completed::requested).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_payment_of_nothing_is_refused() {
        assertThatThrownBy(() -> Payment.request(reservation, owner, 0, "k"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_payment_moves_only_where_its_state_machine_allows_and_keeps_its_first_failure_reason() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                Payment p = PaymentFixtures.in(from, reservation, owner, 1_000);

                boolean moved = p.settle(to, "HOLD_EXPIRED", Instant.now());

                assertThat(moved).as("%s -> %s", from, to).isEqualTo(from.canBecome(to));
                assertThat(p.status()).as("%s -> %s", from, to).isEqualTo(moved ? to : from);
            }
        }
        Payment failed = PaymentFixtures.in(PaymentStatus.PENDING, reservation, owner, 1_000);
        failed.settle(PaymentStatus.FAILED, "HOLD_EXPIRED", Instant.now());
        failed.settle(PaymentStatus.REFUNDED, null, Instant.now());
        assertThat(failed.failureReason()).isEqualTo("HOLD_EXPIRED");
    }

    @Test
    void only_a_settled_payment_without_a_reason_is_explained() {
        Payment pending = PaymentFixtures.in(PaymentStatus.PENDING, reservation, owner, 1_000);
        Payment refunded = PaymentFixtures.in(PaymentStatus.REFUNDED, reservation, owner, 1_000);

        assertThat(pending.explain("HOLD_EXPIRED")).isFalse();
        assertThat(pending.failureReason()).isNull();
        assertThat(refunded.explain("HOLD_EXPIRED")).isTrue();
        assertThat(refunded.explain("INSUFFICIENT_BALANCE")).isFalse();
        assertThat(refunded.failureReason()).isEqualTo("HOLD_EXPIRED");
    }
}
