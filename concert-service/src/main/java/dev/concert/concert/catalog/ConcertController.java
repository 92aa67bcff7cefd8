package dev.concert.concert.catalog;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.concert.platform.web.ApiProblem;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a user can book: concerts with bookable dates, and those dates with the seats left. A listing may be kept by
 * the browser for a few seconds and is then revalidated with its ETag ({@link CatalogCaching}); refusals are not
 * kept.
 */
@RestController
public class ConcertController {

    public record BookableDate(UUID scheduleId, UUID concertId, java.time.Instant startsAt,
                               java.time.Instant saleClosesAt, int totalSeats, int availableSeats) {
    }

    private final Catalog catalog;
    private final Clock clock;

    ConcertController(Catalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    @GetMapping("/api/v1/concerts")
    public ResponseEntity<List<Catalog.ConcertSummary>> concerts() {
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, CatalogCaching.LISTING)
                .body(catalog.bookableConcerts(clock.instant()));
    }

    @GetMapping("/api/v1/concerts/{concertId}/schedules")
    public ResponseEntity<List<BookableDate>> schedules(@PathVariable UUID concertId) {
        List<BookableDate> dates = catalog.bookableSchedules(concertId, clock.instant())
                .orElseThrow(() -> ApiProblem.notFound("CONCERT_NOT_FOUND", "no concert " + concertId)).stream()
                .map(s -> new BookableDate(s.id(), s.concertId(), s.saleWindow().startsAt(),
                        s.saleWindow().saleClosesAt(), s.totalSeats(), s.seatsLeft()))
                .toList();
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, CatalogCaching.LISTING).body(dates);
    }
}
