package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import org.junit.jupiter.api.Test;

class ReservationStatusTest {

    @Test
    void a_hold_ends_confirmed_expired_or_cancelled_by_its_owner() {
        assertThat(ReservationStatus.HELD.next()).containsExactlyInAnyOrder(ReservationStatus.CONFIRMED,
                ReservationStatus.EXPIRED, ReservationStatus.CANCELLED);
        assertThat(ReservationStatus.HELD.transitionTo(ReservationStatus.CONFIRMED))
                .isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void a_booking_can_only_be_cancelled() {
        assertThat(ReservationStatus.CONFIRMED.next()).containsExactly(ReservationStatus.CANCELLED);
        assertThatThrownBy(() -> ReservationStatus.CONFIRMED.transitionTo(ReservationStatus.EXPIRED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReservationStatus.CONFIRMED.transitionTo(ReservationStatus.HELD))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void expired_and_cancelled_are_final() {
        for (ReservationStatus target : ReservationStatus.values()) {
            assertThat(ReservationStatus.EXPIRED.canBecome(target)).isFalse();
            assertThat(ReservationStatus.CANCELLED.canBecome(target)).isFalse();
        }
        assertThatThrownBy(() -> ReservationStatus.EXPIRED.transitionTo(ReservationStatus.CONFIRMED))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReservationStatus.CANCELLED.transitionTo(ReservationStatus.CANCELLED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void each_reservation_state_goes_with_its_seat_state_and_every_move_is_a_legal_seat_move() {
        assertThat(ReservationStatus.HELD.seatStatus()).isEqualTo(SeatStatus.HELD);
        assertThat(ReservationStatus.CONFIRMED.seatStatus()).isEqualTo(SeatStatus.BOOKED);
        assertThat(ReservationStatus.EXPIRED.seatStatus()).isEqualTo(SeatStatus.AVAILABLE);
        assertThat(ReservationStatus.CANCELLED.seatStatus()).isEqualTo(SeatStatus.AVAILABLE);
        for (ReservationStatus from : ReservationStatus.values()) {
            for (ReservationStatus to : from.next()) {
                assertThat(from.seatStatus().canBecome(to.seatStatus())).as("%s -> %s", from, to).isTrue();
            }
        }
    }
}
