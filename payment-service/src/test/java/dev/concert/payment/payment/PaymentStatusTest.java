package dev.concert.payment.payment;

import static dev.concert.payment.payment.PaymentStatus.COMPLETED;
import static dev.concert.payment.payment.PaymentStatus.FAILED;
import static dev.concert.payment.payment.PaymentStatus.PENDING;
import static dev.concert.payment.payment.PaymentStatus.REFUNDED;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaymentStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "PENDING,   COMPLETED, true",
            "PENDING,   FAILED,    true",
            "PENDING,   REFUNDED,  true",
            "PENDING,   PENDING,   false",
            "FAILED,    REFUNDED,  true",
            "FAILED,    COMPLETED, false",
            "FAILED,    PENDING,   false",
            "FAILED,    FAILED,    false",
            "COMPLETED, REFUNDED,  true",
            "COMPLETED, FAILED,    false",
            "COMPLETED, PENDING,   false",
            "COMPLETED, COMPLETED, false",
            "REFUNDED,  COMPLETED, false",
            "REFUNDED,  FAILED,    false",
            "REFUNDED,  PENDING,   false",
            "REFUNDED,  REFUNDED,  false"})
    void only_the_sagas_moves_are_legal(PaymentStatus from, PaymentStatus to, boolean legal) {
        assertThat(from.canBecome(to)).isEqualTo(legal);
    }

    @Test
    void each_state_knows_where_it_can_be_reached_from() {
        assertThat(COMPLETED.allowedFrom()).containsExactly(PENDING);
        assertThat(FAILED.allowedFrom()).containsExactly(PENDING);
        assertThat(REFUNDED.allowedFrom()).containsExactlyInAnyOrder(PENDING, FAILED, COMPLETED);
        assertThat(PENDING.allowedFrom()).isEmpty();
    }

    @Test
    void a_pending_or_completed_payment_claims_its_reservation_and_a_failed_or_refunded_one_lets_it_go() {
        assertThat(PENDING.claimsTheReservation()).isTrue();
        assertThat(COMPLETED.claimsTheReservation()).isTrue();
        assertThat(FAILED.claimsTheReservation()).isFalse();
        assertThat(REFUNDED.claimsTheReservation()).isFalse();
    }

    @Test
    void every_state_but_pending_is_an_answer_to_the_client() {
        assertThat(PENDING.isSettled()).isFalse();
        assertThat(COMPLETED.isSettled()).isTrue();
        assertThat(FAILED.isSettled()).isTrue();
        assertThat(REFUNDED.isSettled()).isTrue();
    }
}
