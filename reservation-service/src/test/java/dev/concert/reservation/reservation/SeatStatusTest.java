package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SeatStatusTest {

    @Test
    void an_available_seat_can_only_be_held() {
        assertThat(SeatStatus.AVAILABLE.next()).containsExactly(SeatStatus.HELD);
        assertThat(SeatStatus.AVAILABLE.transitionTo(SeatStatus.HELD)).isEqualTo(SeatStatus.HELD);
        assertThatThrownBy(() -> SeatStatus.AVAILABLE.transitionTo(SeatStatus.BOOKED))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_held_seat_is_either_booked_or_released() {
        assertThat(SeatStatus.HELD.canBecome(SeatStatus.BOOKED)).isTrue();
        assertThat(SeatStatus.HELD.canBecome(SeatStatus.AVAILABLE)).isTrue();
        assertThat(SeatStatus.HELD.canBecome(SeatStatus.HELD)).isFalse();
    }

    @Test
    void a_booked_seat_never_changes_hands_it_goes_back_on_sale_only_when_its_booking_is_cancelled() {
        assertThat(SeatStatus.BOOKED.next()).containsExactly(SeatStatus.AVAILABLE);
        assertThatThrownBy(() -> SeatStatus.BOOKED.transitionTo(SeatStatus.HELD))
                .isInstanceOf(IllegalStateException.class);
        assertThat(SeatStatus.HELD.allowedFrom()).as("a hold takes a seat only from AVAILABLE")
                .containsExactly(SeatStatus.AVAILABLE);
    }
}
