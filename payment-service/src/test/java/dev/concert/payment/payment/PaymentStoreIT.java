package dev.concert.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.payment.PaymentServiceTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The settling statement moves a payment exactly as {@link PaymentStatus} allows, from every state to every state,
 * on the real database: change the state machine or the statement alone and this fails.
 */
@PaymentServiceTest
class PaymentStoreIT {

    @Autowired
    PaymentStore store;
    @Autowired
    JdbcClient jdbc;

    @Test
    void a_payment_moves_exactly_where_its_state_machine_allows() {
        for (PaymentStatus from : PaymentStatus.values()) {
            for (PaymentStatus to : PaymentStatus.values()) {
                Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
                store.insert(payment);
                jdbc.sql("UPDATE payment SET status = :s WHERE payment_id = :id").param("s", from.name())
                        .param("id", payment.paymentId().toString()).update();

                boolean moved = store.settle(payment.paymentId(), to, ConfirmationFailure.HOLD_EXPIRED.name());

                assertThat(moved).as("%s -> %s", from, to).isEqualTo(from.canBecome(to));
                PaymentStatus now = store.find(payment.paymentId()).orElseThrow().status();
                assertThat(now).as("%s -> %s", from, to).isEqualTo(moved ? to : from);
            }
        }
    }

    @Test
    void only_a_claiming_state_keeps_the_reservation_claimed() {
        UUID reservation = UUID.randomUUID();
        Payment failed = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        store.insert(failed);
        store.settle(failed.paymentId(), PaymentStatus.FAILED, "INSUFFICIENT_BALANCE");

        assertThat(store.findLive(reservation)).isEmpty();
        Payment second = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        store.insert(second);
        assertThat(store.findLive(reservation)).get().extracting(Payment::paymentId).isEqualTo(second.paymentId());
    }

    @Test
    void one_read_finds_the_keys_payment_and_the_reservations_live_payment() {
        UUID user = UUID.randomUUID();
        UUID reservation = UUID.randomUUID();
        Payment keyed = Payment.request(UUID.randomUUID(), user, 1_000, "k-" + UUID.randomUUID());
        Payment claiming = Payment.request(reservation, UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        store.insert(keyed);
        store.insert(claiming);

        Precedents both = store.precedents(user, keyed.idempotencyKey(), reservation);
        assertThat(both.byKey()).get().extracting(Payment::paymentId).isEqualTo(keyed.paymentId());
        assertThat(both.live()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());

        Precedents sameRow = store.precedents(claiming.userId(), claiming.idempotencyKey(), reservation);
        assertThat(sameRow.byKey()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());
        assertThat(sameRow.live()).get().extracting(Payment::paymentId).isEqualTo(claiming.paymentId());

        store.settle(claiming.paymentId(), PaymentStatus.FAILED, "INSUFFICIENT_BALANCE");
        Precedents none = store.precedents(user, "k-unused", reservation);
        assertThat(none.byKey()).isEmpty();
        assertThat(none.live()).as("a FAILED payment no longer claims its reservation").isEmpty();
    }

    @Test
    void a_failure_reason_once_given_is_kept() {
        Payment payment = Payment.request(UUID.randomUUID(), UUID.randomUUID(), 1_000, "k-" + UUID.randomUUID());
        store.insert(payment);
        store.settle(payment.paymentId(), PaymentStatus.FAILED, "HOLD_EXPIRED");
        store.settle(payment.paymentId(), PaymentStatus.REFUNDED, null);
        store.explain(payment.paymentId(), "INSUFFICIENT_BALANCE");

        Payment refunded = store.find(payment.paymentId()).orElseThrow();
        assertThat(refunded.status()).isEqualTo(PaymentStatus.REFUNDED);
        assertThat(refunded.failureReason()).isEqualTo("HOLD_EXPIRED");
    }
}
