package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Service;

/**
 * The catalog's door for the other capabilities (listing, seats-left): reads of concerts and dates, and the one
 * change another package may ask for, moving a date's seats-left count.
 */
@Service
public class Catalog {

    public record ConcertSummary(UUID concertId, String title, String venue, long bookableSchedules,
                                 Instant nextStartsAt) {
    }

    private final ConcertStore concerts;
    private final ScheduleStore schedules;

    Catalog(ConcertStore concerts, ScheduleStore schedules) {
        this.concerts = concerts;
        this.schedules = schedules;
    }

    public Optional<Concert> concert(UUID concertId) {
        return concerts.findById(concertId);
    }

    public Optional<Schedule> schedule(UUID scheduleId) {
        return schedules.findById(scheduleId);
    }

    /** Concerts with at least one bookable date, soonest first. */
    public List<ConcertSummary> bookableConcerts(Instant now) {
        return concerts.bookable(now);
    }

    /** The bookable dates of a concert, soonest first. */
    public List<Schedule> bookableSchedules(UUID concertId, Instant now) {
        return schedules.bookable(concertId, now);
    }

    /** One seat fewer (−1) or more (+1) left on a date; false if the date is unknown here. */
    public boolean adjustSeatsLeft(UUID scheduleId, int delta) {
        return schedules.adjustSeatsLeft(scheduleId, delta) == 1;
    }
}
