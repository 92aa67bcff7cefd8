package dev.concert.reservation.reservation;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeatForSaleTest {

    private static SeatForSale read(SeatStatus status) {
        return new SeatForSale(UUID.randomUUID(), UUID.randomUUID(), 7, 90_000, true, status);
    }

    @Test
    void only_an_available_seat_looks_free_to_a_hold() {
        assertThat(read(SeatStatus.AVAILABLE).looksFree()).isTrue();
        assertThat(read(SeatStatus.HELD).looksFree()).isFalse();
        assertThat(read(SeatStatus.BOOKED).looksFree()).isFalse();
    }

    @Test
    void what_looks_free_is_what_the_conditional_update_may_take() {
        for (SeatStatus status : SeatStatus.values()) {
            assertThat(read(status).looksFree()).as(status.name())
                    .isEqualTo(SeatStatus.HELD.allowedFrom().contains(status));
        }
    }
}
