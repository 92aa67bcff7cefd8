package dev.concert.concert.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;
import dev.concert.events.SaleWindow;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The list queries select dates by the same rule as {@link SaleWindow#isBookableAt}, checked at every edge of the
 * window: change one and not the other and this fails.
 */
class ScheduleStoreIT extends ConcertIntegrationTest {

    @Autowired
    ScheduleStore schedules;
    @Autowired
    ConcertStore concerts;
    @Autowired
    CatalogChanges changes;

    @Test
    void the_bookable_queries_agree_with_the_sale_window_at_every_edge() {
        Instant now = Instant.now().plus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        List<SaleWindow> windows = List.of(
                new SaleWindow(now.plusSeconds(3600), now, now.plusSeconds(60)),              // opens now
                new SaleWindow(now.plusSeconds(3600), now.plusSeconds(1), now.plusSeconds(60)), // opens in 1 s
                new SaleWindow(now.plusSeconds(3600), now.minusSeconds(60), now),              // closed now
                new SaleWindow(now.plusSeconds(3600), now.minusSeconds(60), now.plusSeconds(1)), // closes in 1 s
                new SaleWindow(now.plusSeconds(1), now.minusSeconds(60), now.plusSeconds(1)),  // show in 1 s
                new SaleWindow(now, now.minusSeconds(60), now));                               // show now
        for (SaleWindow window : windows) {
            Concert concert = newConcert();
            opening.open(UUID.randomUUID(), concert, window, SeatCatalog.standard()).orElseThrow();

            assertThat(schedules.bookable(concert.id(), now)).as("%s at %s", window, now)
                    .hasSize(window.isBookableAt(now) ? 1 : 0);
            assertThat(concerts.bookable(now).stream().anyMatch(c -> c.concertId().equals(concert.id())))
                    .as("concert listed, %s at %s", window, now).isEqualTo(window.isBookableAt(now));
        }
    }

    @Test
    void the_bookable_queries_agree_with_the_schedule_in_every_status() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        SaleWindow open = new SaleWindow(now.plusSeconds(86_400), now.minusSeconds(60), now.plusSeconds(3600));
        for (ScheduleStatus status : ScheduleStatus.values()) {
            Concert concert = newConcert();
            UUID id = opening.open(UUID.randomUUID(), concert, open, SeatCatalog.standard()).orElseThrow()
                    .scheduleId();
            switch (status) {
                case SCHEDULED -> { }
                case SALE_CLOSED -> changes.closeSale(id);
                case CANCELLED -> changes.cancel(id);
            }
            Schedule schedule = schedules.findById(id).orElseThrow();

            assertThat(schedule.status()).isEqualTo(status);
            assertThat(schedules.bookable(concert.id(), now)).as(status.name())
                    .hasSize(schedule.isBookableAt(now) ? 1 : 0);
            assertThat(concerts.bookable(now).stream().anyMatch(c -> c.concertId().equals(concert.id())))
                    .as("concert listed, %s", status).isEqualTo(schedule.isBookableAt(now));
        }
    }
}
