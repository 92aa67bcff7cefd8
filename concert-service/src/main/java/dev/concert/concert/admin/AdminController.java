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
import dev.concert.concert.catalog.CatalogChanges;
import dev.concert.concert.catalog.Concert;
import dev.concert.concert.catalog.Schedule;
import dev.concert.concert.catalog.ScheduleOpening;
import dev.concert.concert.catalog.ScheduleStatus;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators create and change concerts and schedules here (with {@code X-Admin-Key}). Not under {@code /api/v1}: the
 * gateway does not route it, operators call the service directly. Every change is announced through the outbox
 * (docs/saga.md, steps 0 and S); a change that finds things as asked already answers 200 and announces nothing.
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

    /** A date's new start and sale window, all three given (the window as it should be, not a patch). */
    public record ScheduleDates(@NotNull Instant startsAt, @NotNull Instant saleOpensAt,
                                @NotNull Instant saleClosesAt) {
    }

    public record ConcertDetails(UUID concertId, String title, String venue) {

        static ConcertDetails of(Concert c) {
            return new ConcertDetails(c.id(), c.title(), c.venue());
        }
    }

    /** @param onSale whether fans can hold seats of it right now: SCHEDULED and inside its sale window */
    public record ScheduleDetails(UUID scheduleId, UUID concertId, ScheduleStatus status, boolean onSale,
                                  Instant startsAt, Instant saleOpensAt, Instant saleClosesAt, int totalSeats,
                                  int availableSeats) {

        static ScheduleDetails of(Schedule s, Instant now) {
            SaleWindow window = s.saleWindow();
            return new ScheduleDetails(s.id(), s.concertId(), s.status(), s.isBookableAt(now), window.startsAt(),
                    window.saleOpensAt(), window.saleClosesAt(), s.totalSeats(), s.seatsLeft());
        }
    }

    private final ScheduleOpening opening;
    private final CatalogChanges changes;
    private final Catalog catalog;
    private final Clock clock;

    public AdminController(ScheduleOpening opening, CatalogChanges changes, Catalog catalog, Clock clock) {
        this.opening = opening;
        this.changes = changes;
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

    @PutMapping("/admin/v1/concerts/{concertId}")
    public ConcertDetails changeConcert(@PathVariable UUID concertId, @Valid @RequestBody NewConcert request) {
        return changes.renameConcert(concertId, request.title().strip(), request.venue().strip())
                .map(ConcertDetails::of)
                .orElseThrow(() -> ApiProblem.notFound("CONCERT_NOT_FOUND", "no concert " + concertId));
    }

    @PutMapping("/admin/v1/schedules/{scheduleId}")
    public ScheduleDetails reschedule(@PathVariable UUID scheduleId, @Valid @RequestBody ScheduleDates request) {
        SaleWindow window = new SaleWindow(request.startsAt(), request.saleOpensAt(), request.saleClosesAt());
        return answer(scheduleId, changes.reschedule(scheduleId, window));
    }

    @PostMapping("/admin/v1/schedules/{scheduleId}/close")
    public ScheduleDetails closeSale(@PathVariable UUID scheduleId) {
        return answer(scheduleId, changes.closeSale(scheduleId));
    }

    @PostMapping("/admin/v1/schedules/{scheduleId}/reopen")
    public ScheduleDetails reopenSale(@PathVariable UUID scheduleId) {
        return answer(scheduleId, changes.reopenSale(scheduleId));
    }

    @PostMapping("/admin/v1/schedules/{scheduleId}/cancel")
    public ScheduleDetails cancel(@PathVariable UUID scheduleId) {
        return answer(scheduleId, changes.cancel(scheduleId));
    }

    private ScheduleDetails answer(UUID scheduleId, java.util.Optional<Schedule> changed) {
        return changed.map(s -> ScheduleDetails.of(s, clock.instant()))
                .orElseThrow(() -> ApiProblem.notFound("SCHEDULE_NOT_FOUND", "no schedule " + scheduleId));
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
