package dev.concert.concert.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

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
    private final Duration listingMaxAge;
    private final RecentRead<List<ConcertSummary>> bookableConcerts;
    // only concerts that exist get an entry, so unknown ids cannot grow it
    private final Map<UUID, RecentRead<List<Schedule>>> bookableDates = new ConcurrentHashMap<>();

    Catalog(ConcertStore concerts, ScheduleStore schedules,
            @Value("${concert.catalog.listing-max-age:1s}") Duration listingMaxAge) {
        this.concerts = concerts;
        this.schedules = schedules;
        this.listingMaxAge = listingMaxAge;
        this.bookableConcerts = new RecentRead<>(listingMaxAge);
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
        RecentRead<List<Schedule>> recent = bookableDates.get(concertId);
        if (recent == null) {
            if (concerts.findById(concertId).isEmpty()) {
                return Optional.empty();
            }
            recent = bookableDates.computeIfAbsent(concertId, id -> new RecentRead<>(listingMaxAge));
        }
        return Optional.of(recent.get(() -> schedules.bookable(concertId, now)));
    }

    /** One seat fewer (−1) or more (+1) left on a date; false if the date is unknown here. */
    public boolean adjustSeatsLeft(UUID scheduleId, int delta) {
        return schedules.adjustSeatsLeft(scheduleId, delta) == 1;
    }
}
