package dev.concert.reservation.hold;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;
import dev.concert.platform.web.SignedInUser;
import dev.concert.reservation.reservation.Reservation;
import dev.concert.reservation.reservation.Reservations;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's holds and reservations. The caller is the account of the verified access token; another user's
 * reservation answers 404, exactly like one that does not exist, so ids cannot be probed. A hold is only taken in
 * the waiting room of its schedule's sale ({@link QueueRoom}); reading one's reservations needs no room.
 */
@RestController
public class HoldController {

    public record HoldRequest(@NotNull UUID scheduleId, @NotNull UUID seatId) {
    }

    public record HoldResponse(UUID reservationId, String status, UUID scheduleId, UUID seatId, int seatNumber,
                               long price, Instant expiresAt) {
    }

    public record ReservationView(UUID reservationId, String status, UUID scheduleId, UUID seatId, int seatNumber,
                                  long price, Instant createdAt, Instant expiresAt, Instant confirmedAt,
                                  Instant releasedAt) {

        static ReservationView of(Reservation r) {
            return new ReservationView(r.id(), r.status().name(), r.scheduleId(), r.seatId(), r.seatNumber(),
                    r.price(), r.createdAt(), r.expiresAt(), r.confirmedAt(), r.releasedAt());
        }
    }

    private final SeatHolds seatHolds;
    private final Reservations reservations;

    HoldController(SeatHolds seatHolds, Reservations reservations) {
        this.seatHolds = seatHolds;
        this.reservations = reservations;
    }

    @PostMapping("/api/v1/reservations")
    public ResponseEntity<HoldResponse> hold(SignedInUser caller,
                                             @Valid @RequestBody HoldRequest request,
                                             QueueRoom room) {
        // the gateway checked the queue token but cannot read the body: a token of one sale must not hold seats of
        // another, so this is refused before anything is looked up or written
        room.admits(request.scheduleId());
        Reservation r = seatHolds.hold(caller.id(), request.scheduleId(), request.seatId());
        return ResponseEntity.created(URI.create("/api/v1/reservations/" + r.id()))
                .body(new HoldResponse(r.id(), r.status().name(), r.scheduleId(), r.seatId(), r.seatNumber(),
                        r.price(), r.expiresAt()));
    }

    @GetMapping("/api/v1/reservations/{reservationId}")
    public ReservationView reservation(SignedInUser caller,
                                       @PathVariable UUID reservationId) {
        return reservations.find(reservationId)
                .filter(r -> r.userId().equals(caller.id()))
                .map(ReservationView::of)
                .orElseThrow(() -> ApiProblem.notFound("RESERVATION_NOT_FOUND",
                        "you have no reservation " + reservationId));
    }

    /** The caller's reservations, newest first. */
    @GetMapping("/api/v1/reservations")
    public List<ReservationView> mine(SignedInUser caller,
                                      @RequestParam(defaultValue = "50") @Min(1) @Max(200) int limit) {
        return reservations.ofUser(caller.id(), limit).stream().map(ReservationView::of).toList();
    }
}
