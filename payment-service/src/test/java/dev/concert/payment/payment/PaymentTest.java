package dev.concert.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import dev.concert.events.PaymentRequested;

import org.junit.jupiter.api.Test;

/** The payment aggregate: a request and what it announces. Its moves are PaymentStatusTest's and PaymentStoreIT's. */
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
}
