package dev.concert.concert.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleOpened;
import dev.concert.platform.messaging.Outbox;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Step 0 of the saga: a schedule and its seat catalog are created and announced in one transaction. */
@Service
public class ScheduleOpening {

    private final ConcertStore concerts;
    private final ScheduleStore schedules;
    private final CatalogSeatStore catalogSeats;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;

    ScheduleOpening(ConcertStore concerts, ScheduleStore schedules, CatalogSeatStore catalogSeats, Outbox outbox,
                    TransactionTemplate tx, Clock clock) {
        this.concerts = concerts;
        this.schedules = schedules;
        this.catalogSeats = catalogSeats;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
    }

    /** The concert with this id, created unless it exists already (demo data started twice, on two instances). */
    public Concert createConcert(UUID concertId, String title, String venue) {
        Optional<Concert> existing = concerts.findById(concertId);
        if (existing.isPresent()) {
            return existing.get();
        }
        try {
            return tx.execute(status -> concerts.saveAndFlush(new Concert(concertId, title, venue, clock.instant())));
        } catch (DataIntegrityViolationException createdMeanwhile) {
            return concerts.findById(concertId).orElseThrow(() -> createdMeanwhile);
        }
    }

    /**
     * Creates the schedule with its seats and appends {@code ScheduleOpened}, or does nothing and returns empty when
     * the schedule id or the concert's start time exists already (a replayed demo load, a second instance).
     */
    public Optional<ScheduleOpened> open(UUID scheduleId, Concert concert, SaleWindow window, SeatCatalog seats) {
        try {
            return Optional.ofNullable(tx.execute(status -> {
                if (schedules.existsById(scheduleId)
                        || schedules.existsByConcertIdAndStartsAt(concert.id(), window.startsAt())) {
                    return null;
                }
                Instant now = clock.instant();
                Schedule schedule = schedules.saveAndFlush(Schedule.open(scheduleId, concert, window,
                        seats.seats().size(), now));
                List<ScheduleOpened.CatalogSeat> announced = seats.seats().stream()
                        .map(s -> new ScheduleOpened.CatalogSeat(UUID.randomUUID(), s.seatNumber(), s.grade(),
                                s.price()))
                        .toList();
                catalogSeats.insert(scheduleId, announced);
                ScheduleOpened opened = schedule.opened(concert, announced);
                outbox.append(opened);
                return opened;
            }));
        } catch (DataIntegrityViolationException openedMeanwhile) {
            return Optional.empty();
        }
    }
}
