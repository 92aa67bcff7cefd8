package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;

import org.junit.jupiter.api.Test;

/** The schedule as reservation-service follows it: each operator's change applied once, a cancellation for good. */
class SaleScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final SaleSchedule schedule = new SaleSchedule(new ScheduleOpened(UUID.randomUUID(), UUID.randomUUID(),
            "Gala", NOW.plus(Duration.ofDays(7)), NOW.minusSeconds(3600), NOW.plus(Duration.ofDays(6)), List.of()),
            NOW);

    @Test
    void a_closed_sale_takes_no_holds_until_it_is_reopened_and_repeating_either_changes_nothing() {
        assertThat(schedule.isOnSaleAt(NOW)).isTrue();

        assertThat(schedule.closeSale()).isTrue();
        assertThat(schedule.closeSale()).isFalse();
        assertThat(schedule.isOnSaleAt(NOW)).isFalse();
        assertThat(schedule.reopenSale()).isTrue();
        assertThat(schedule.reopenSale()).isFalse();
        assertThat(schedule.isOnSaleAt(NOW)).isTrue();
    }

    @Test
    void a_cancelled_date_stays_cancelled_whatever_comes_after() {
        schedule.closeSale();

        assertThat(schedule.cancel()).isTrue();
        assertThat(schedule.cancel()).isFalse();
        assertThat(schedule.reopenSale()).isFalse();
        assertThat(schedule.closeSale()).isFalse();
        assertThat(schedule.saleStatus()).isEqualTo(SaleStatus.CANCELLED);
        assertThat(schedule.isOnSaleAt(NOW)).isFalse();
    }

    @Test
    void holds_go_by_the_window_as_it_was_changed() {
        schedule.follow(new ScheduleChanged(schedule.getId(), UUID.randomUUID(), NOW.plus(Duration.ofDays(8)),
                NOW.plusSeconds(60), NOW.plus(Duration.ofDays(7))));

        assertThat(schedule.isOnSaleAt(NOW)).isFalse();
        assertThat(schedule.isOnSaleAt(NOW.plusSeconds(60))).isTrue();
        assertThat(schedule.startsAt()).isEqualTo(NOW.plus(Duration.ofDays(8)));
    }
}
