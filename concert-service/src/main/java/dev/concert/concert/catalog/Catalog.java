package dev.concert.concert.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.platform.read.RecentRead;
import dev.concert.platform.read.RecentReads;

import org.springframework.beans.factory.annotation.Value;
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
    private final RecentRead<List<ConcertSummary>> bookableConcerts;
    private final RecentReads<UUID, List<Schedule>> bookableDates;

    Catalog(ConcertStore concerts, ScheduleStore schedules,
            @Value("${concert.catalog.listing-max-age:1s}") Duration listingMaxAge) {
        this.concerts = concerts;
        this.schedules = schedules;
        this.bookableConcerts = new RecentRead<>(listingMaxAge);
        this.bookableDates = new RecentReads<>(listingMaxAge, 10_000);
    }

    public Optional<Concert> concert(UUID concertId) {
        return concerts.findById(concertId);
    }

    public Optional<Schedule> schedule(UUID scheduleId) {
        return schedules.findById(scheduleId);
    }

    /** Concerts with at least one bookable date, soonest first, as read at most the listing's max age ago. */
    public List<ConcertSummary> bookableConcerts(Instant now) {
        return bookableConcerts.get(() -> concerts.bookable(now));
    }

    /**
     * The bookable dates of a concert, soonest first, as read at most the listing's max age ago; empty if there is no
     * such concert.
     */
    public Optional<List<Schedule>> bookableSchedules(UUID concertId, Instant now) {
        return bookableDates.get(concertId,
                id -> concerts.findById(id).map(concert -> schedules.bookable(id, now)));
    }

    /** One seat fewer (−1) or more (+1) left on a date; false if the date is unknown here. */
    public boolean adjustSeatsLeft(UUID scheduleId, int delta) {
        return schedules.adjustSeatsLeft(scheduleId, delta) == 1;
    }
}
