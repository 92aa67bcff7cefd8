package dev.concert.concert.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class SeatCatalogTest {

    @Test
    void the_standard_hall_has_50_numbered_seats_with_grades_and_prices() {
        SeatCatalog catalog = SeatCatalog.standard();
        assertThat(catalog.seats()).hasSize(50);
        assertThat(catalog.seats()).extracting(SeatCatalog.Seat::seatNumber)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
        assertThat(catalog.seats().get(0)).isEqualTo(new SeatCatalog.Seat(1, "VIP", 150_000));
        assertThat(catalog.seats().get(10)).isEqualTo(new SeatCatalog.Seat(11, "R", 110_000));
        assertThat(catalog.seats().get(49)).isEqualTo(new SeatCatalog.Seat(50, "S", 80_000));
    }

    @Test
    void seat_numbers_must_be_positive_and_unique() {
        assertThatThrownBy(() -> new SeatCatalog(List.of(new SeatCatalog.Seat(1, "R", 1), new SeatCatalog.Seat(1, "R", 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeatCatalog(List.of(new SeatCatalog.Seat(0, "R", 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void every_seat_needs_a_grade_and_a_sensible_price() {
        assertThatThrownBy(() -> new SeatCatalog(List.of(new SeatCatalog.Seat(1, " ", 1000))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeatCatalog(List.of(new SeatCatalog.Seat(1, "R", 0))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SeatCatalog(List.of(new SeatCatalog.Seat(1, "R", SeatCatalog.MAX_PRICE + 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_schedule_has_at_least_one_seat() {
        assertThatThrownBy(() -> new SeatCatalog(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
