package dev.concert.reservation.hold;

import java.time.Instant;
import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.reservation.reservation.Reservations;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Service-to-service read for payment-service's fallback when it has not seen {@code SeatHeld} yet. Not routed by the
 * gateway (only {@code /api/v1/**} is), so it takes no caller identity.
 */
@RestController
public class InternalReservationController {

    public record InternalReservation(UUID reservationId, UUID userId, UUID scheduleId, UUID seatId, int seatNumber,
                                      long price, String status, Instant expiresAt, Instant paymentPendingUntil) {
    }

    private final Reservations reservations;

    InternalReservationController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/internal/reservations/{reservationId}")
    public InternalReservation reservation(@PathVariable UUID reservationId) {
        return reservations.find(reservationId)
                .map(r -> new InternalReservation(r.id(), r.userId(), r.scheduleId(), r.seatId(), r.seatNumber(),
                        r.price(), r.status().name(), r.expiresAt(), r.paymentPendingUntil()))
                .orElseThrow(() -> ApiProblem.notFound("RESERVATION_NOT_FOUND", "no reservation " + reservationId));
    }
}
