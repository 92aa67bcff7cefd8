package dev.concert.payment.reservationview;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HoldStatusTest {

    @ParameterizedTest
    @CsvSource({"HELD,HELD", "held,HELD", "CONFIRMED,CONFIRMED", "BOOKED,CONFIRMED", "EXPIRED,RELEASED",
            "RELEASED,RELEASED", "CANCELLED,RELEASED", "SOMETHING_NEW,RELEASED"})
    void only_a_held_reservation_is_payable_whatever_reservation_service_calls_the_others(String theirs,
                                                                                           HoldStatus ours) {
        assertThat(HoldStatus.fromReservationService(theirs)).isEqualTo(ours);
    }

    @Test
    void no_status_is_not_payable() {
        assertThat(HoldStatus.fromReservationService(null)).isEqualTo(HoldStatus.RELEASED);
    }

    @Test
    void a_hold_is_live_until_its_expiry_instant() {
        Instant expiry = Instant.parse("2026-11-26T10:05:00Z");
        ReservationView view = new ReservationView(UUID.randomUUID(), UUID.randomUUID(), null, null, null, 1L,
                HoldStatus.HELD, expiry);
        assertThat(view.isLiveHoldAt(expiry.minusNanos(1))).isTrue();
        assertThat(view.isLiveHoldAt(expiry)).isFalse();
    }

    @Test
    void an_expiry_is_stored_to_the_microsecond() {
        assertThat(ReservationViews.epochSeconds(Instant.parse("2026-11-26T10:05:00.123456789Z")))
                .isEqualByComparingTo(new BigDecimal("1795687500.123456"));
        assertThat(ReservationViews.epochSeconds(null)).isNull();
    }
}
