package dev.concert.concert.admin;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import dev.concert.concert.catalog.Catalog;
import dev.concert.concert.catalog.Concert;
import dev.concert.concert.catalog.ScheduleOpening;
import dev.concert.concert.catalog.SeatCatalog;
import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleOpened;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.ProblemResponses;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators create concerts and schedules here (with {@code X-Admin-Key}). Not under {@code /api/v1}: the gateway
 * does not route it, operators call the service directly.
 */
@RestController
public class AdminController {

    public record NewConcert(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 200) String venue) {
    }

    public record NewSeat(int seatNumber, String grade, long price) {
    }

    /** Sale window defaults: opens now, closes when the show starts. Seats default to the standard 50. */
    public record NewSchedule(@NotNull Instant startsAt, Instant saleOpensAt, Instant saleClosesAt,
                              @Size(max = SeatCatalog.MAX_SEATS) List<NewSeat> seats) {
    }

    public record ConcertCreated(UUID concertId, String title, String venue) {
    }

    public record ScheduleCreated(UUID scheduleId, UUID concertId, Instant startsAt, Instant saleOpensAt,
                                  Instant saleClosesAt, int totalSeats, List<ScheduleOpened.CatalogSeat> seats) {
    }

    private final ScheduleOpening opening;
    private final Catalog catalog;
    private final Clock clock;

    public AdminController(ScheduleOpening opening, Catalog catalog, Clock clock) {
        this.opening = opening;
        this.catalog = catalog;
        this.clock = clock;
    }

    @PostMapping("/admin/v1/concerts")
    public ResponseEntity<ConcertCreated> createConcert(@Valid @RequestBody NewConcert request) {
        Concert concert = opening.createConcert(UUID.randomUUID(), request.title().strip(),
                request.venue().strip());
        return ResponseEntity.created(URI.create("/api/v1/concerts/" + concert.id() + "/schedules"))
                .body(new ConcertCreated(concert.id(), concert.title(), concert.venue()));
    }

    @PostMapping("/admin/v1/concerts/{concertId}/schedules")
    public ResponseEntity<ScheduleCreated> createSchedule(@PathVariable UUID concertId,
                                                          @Valid @RequestBody NewSchedule request) {
        Concert concert = catalog.concert(concertId)
                .orElseThrow(() -> ApiProblem.notFound("CONCERT_NOT_FOUND", "no concert " + concertId));
        Instant now = clock.instant();
        if (!request.startsAt().isAfter(now)) {
            throw ApiProblem.badRequest("INVALID_SCHEDULE", "startsAt must be in the future");
        }
        SaleWindow window = new SaleWindow(request.startsAt(),
                request.saleOpensAt() == null ? now : request.saleOpensAt(),
                request.saleClosesAt() == null ? request.startsAt() : request.saleClosesAt());
        SeatCatalog seats = request.seats() == null ? SeatCatalog.standard()
                : new SeatCatalog(request.seats().stream()
                .map(s -> s == null ? null : new SeatCatalog.Seat(s.seatNumber(), s.grade(), s.price())).toList());
        ScheduleOpened opened = opening.open(UUID.randomUUID(), concert, window, seats)
                .orElseThrow(() -> ApiProblem.conflict("SCHEDULE_EXISTS",
                        "the concert already has a schedule starting at " + request.startsAt()));
        return ResponseEntity.created(URI.create("/api/v1/concerts/" + concertId + "/schedules"))
                .body(new ScheduleCreated(opened.scheduleId(), concertId, opened.startsAt(), opened.saleOpensAt(),
                        opened.saleClosesAt(), opened.seats().size(), opened.seats()));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalid(IllegalArgumentException e) {
        return ProblemResponses.problem(HttpStatus.BAD_REQUEST, "INVALID_SCHEDULE", e.getMessage());
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> duplicate(DataIntegrityViolationException e) {
        return ProblemResponses.problem(HttpStatus.CONFLICT, "SCHEDULE_EXISTS", "the schedule exists already");
    }
}
