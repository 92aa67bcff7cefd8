package dev.concert.concert.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.concert.catalog.ScheduleChangeRefused.Reason;
import dev.concert.events.ConcertChanged;
import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration DAY = Duration.ofDays(1);

    private final Concert concert = new Concert(UUID.randomUUID(), "Winter Gala", "Lotte Hall", NOW);

    /** On sale since an hour ago, until the show in ten days. */
    private Schedule onSale() {
        return Schedule.open(UUID.randomUUID(), concert,
                new SaleWindow(NOW.plus(DAY.multipliedBy(10)), NOW.minusSeconds(3600), NOW.plus(DAY.multipliedBy(9))),
                50, NOW);
    }

    /** Announced, its sale opens tomorrow. */
    private Schedule announced() {
        return Schedule.open(UUID.randomUUID(), concert,
                new SaleWindow(NOW.plus(DAY.multipliedBy(10)), NOW.plus(DAY), NOW.plus(DAY.multipliedBy(9))), 50, NOW);
    }

    private static ScheduleChangeRefused refusal(Runnable change) {
        try {
            change.run();
        } catch (ScheduleChangeRefused refused) {
            return refused;
        }
        throw new AssertionError("the change was not refused");
    }

    @Test
    void a_new_date_is_scheduled_and_on_sale_inside_its_window() {
        Schedule schedule = onSale();

        assertThat(schedule.status()).isEqualTo(ScheduleStatus.SCHEDULED);
        assertThat(schedule.isBookableAt(NOW)).isTrue();
        assertThat(announced().isBookableAt(NOW)).isFalse();
    }

    @Test
    void closing_a_sale_takes_the_date_off_sale_and_announces_it_once() {
        Schedule schedule = onSale();

        assertThat(schedule.closeSale()).contains(new ScheduleSaleClosed(schedule.id(), concert.id()));
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.SALE_CLOSED);
        assertThat(schedule.isBookableAt(NOW)).isFalse();
        assertThat(schedule.closeSale()).as("closing a closed sale again").isEmpty();
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.SALE_CLOSED);
    }

    @Test
    void reopening_a_closed_sale_puts_its_window_back_in_charge_and_reopening_an_open_one_does_nothing() {
        Schedule schedule = onSale();
        assertThat(schedule.reopenSale()).as("never closed").isEmpty();
        schedule.closeSale();

        assertThat(schedule.reopenSale()).contains(new ScheduleSaleReopened(schedule.id(), concert.id()));
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.SCHEDULED);
        assertThat(schedule.isBookableAt(NOW)).isTrue();
    }

    @Test
    void cancelling_a_date_is_for_good_from_scheduled_or_closed_and_a_second_cancel_announces_nothing() {
        Schedule open = onSale();
        Schedule closed = onSale();
        closed.closeSale();

        assertThat(open.cancel(NOW)).contains(new ScheduleCancelled(open.id(), concert.id()));
        assertThat(closed.cancel(NOW)).contains(new ScheduleCancelled(closed.id(), concert.id()));
        assertThat(open.status()).isEqualTo(ScheduleStatus.CANCELLED);
        assertThat(open.isBookableAt(NOW)).isFalse();
        assertThat(open.cancel(NOW)).isEmpty();
    }

    @Test
    void nothing_about_a_cancelled_date_changes_any_more() {
        Schedule schedule = onSale();
        SaleWindow before = schedule.saleWindow();
        schedule.cancel(NOW);

        assertThat(refusal(schedule::closeSale).reason()).isEqualTo(Reason.SCHEDULE_CANCELLED);
        assertThat(refusal(schedule::reopenSale).reason()).isEqualTo(Reason.SCHEDULE_CANCELLED);
        assertThat(refusal(() -> schedule.reschedule(new SaleWindow(before.startsAt().plus(DAY),
                before.saleOpensAt(), before.saleClosesAt()), NOW)).reason()).isEqualTo(Reason.SCHEDULE_CANCELLED);
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.CANCELLED);
        assertThat(schedule.saleWindow()).isEqualTo(before);
    }

    @Test
    void a_date_whose_show_has_started_cannot_be_cancelled() {
        Schedule schedule = onSale();

        assertThat(refusal(() -> schedule.cancel(schedule.saleWindow().startsAt())).reason())
                .isEqualTo(Reason.SCHEDULE_STARTED);
        assertThat(schedule.status()).isEqualTo(ScheduleStatus.SCHEDULED);
    }

    @Test
    void a_date_whose_show_has_started_cannot_be_moved_into_the_future() {
        Schedule schedule = onSale();
        SaleWindow before = schedule.saleWindow();
        Instant afterTheShow = before.startsAt().plusSeconds(60);
        SaleWindow tomorrow = new SaleWindow(afterTheShow.plus(DAY), before.saleOpensAt(), afterTheShow.plus(DAY));

        assertThat(refusal(() -> schedule.reschedule(tomorrow, afterTheShow)).reason())
                .isEqualTo(Reason.SCHEDULE_STARTED);
        assertThat(schedule.saleWindow()).isEqualTo(before);
        assertThat(refusal(() -> schedule.cancel(afterTheShow)).reason()).as("and so it stays uncancellable")
                .isEqualTo(Reason.SCHEDULE_STARTED);
    }

    @Test
    void rescheduling_replaces_the_window_and_announces_it_whole() {
        Schedule schedule = announced();
        SaleWindow later = new SaleWindow(NOW.plus(DAY.multipliedBy(20)), NOW.plus(DAY.multipliedBy(2)),
                NOW.plus(DAY.multipliedBy(19)));

        assertThat(schedule.reschedule(later, NOW)).contains(new ScheduleChanged(schedule.id(), concert.id(),
                later.startsAt(), later.saleOpensAt(), later.saleClosesAt()));
        assertThat(schedule.saleWindow()).isEqualTo(later);
        assertThat(schedule.reschedule(later, NOW)).as("the same window again").isEmpty();
    }

    @Test
    void once_the_sale_has_opened_its_opening_cannot_move_but_the_close_and_the_start_can() {
        Schedule schedule = onSale();
        SaleWindow before = schedule.saleWindow();

        assertThat(refusal(() -> schedule.reschedule(new SaleWindow(before.startsAt(), NOW.plus(DAY),
                before.saleClosesAt()), NOW)).reason()).isEqualTo(Reason.SALE_ALREADY_OPEN);
        assertThat(schedule.saleWindow()).isEqualTo(before);

        SaleWindow longer = new SaleWindow(before.startsAt().plus(DAY), before.saleOpensAt(), before.startsAt());
        assertThat(schedule.reschedule(longer, NOW)).isPresent();
        assertThat(schedule.saleWindow()).isEqualTo(longer);
    }

    @Test
    void a_start_that_is_not_ahead_is_refused() {
        Schedule schedule = announced();
        SaleWindow before = schedule.saleWindow();

        assertThat(refusal(() -> schedule.reschedule(new SaleWindow(NOW, NOW.minus(DAY), NOW), NOW)).reason())
                .isEqualTo(Reason.INVALID_SCHEDULE);
        assertThat(schedule.saleWindow()).isEqualTo(before);
        assertThatThrownBy(() -> new SaleWindow(NOW.plus(DAY), NOW.plus(DAY), NOW.plus(DAY)))
                .as("saleOpensAt < saleClosesAt").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void renaming_a_concert_announces_the_new_details_once() {
        assertThat(concert.rename("Spring Gala", "Olympic Hall"))
                .contains(new ConcertChanged(concert.id(), "Spring Gala", "Olympic Hall"));
        assertThat(concert.title()).isEqualTo("Spring Gala");
        assertThat(concert.rename("Spring Gala", "Olympic Hall")).isEmpty();
    }
}
