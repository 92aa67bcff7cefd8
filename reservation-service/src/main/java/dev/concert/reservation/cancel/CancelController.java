package dev.concert.reservation.cancel;

import java.time.Instant;
import java.util.UUID;

import dev.concert.platform.web.SignedInUser;
import dev.concert.reservation.reservation.Reservation;

import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /api/v1/reservations/{id}}: the caller ({@code X-User-Id}, set by the gateway) cancels their own
 * reservation. 200 with the cancelled reservation, the first time and every time after (idempotent). Another user's
 * reservation answers 404 {@code RESERVATION_NOT_FOUND}, exactly like GET does; an expired hold 409
 * {@code RESERVATION_EXPIRED}; a booking whose show has started 409 {@code CONCERT_STARTED}.
 */
@RestController
class CancelController {

    /**
     * @param paymentId   the payment of a cancelled booking, which is refunded (it becomes REFUNDED); null for a hold
     * @param cancelledAt when the seat went back on sale
     */
    record CancelledReservation(UUID reservationId, String status, UUID scheduleId, UUID seatId, int seatNumber,
                                long price, UUID paymentId, Instant confirmedAt, Instant cancelledAt) {

        static CancelledReservation of(Reservation r) {
            return new CancelledReservation(r.id(), r.status().name(), r.scheduleId(), r.seatId(), r.seatNumber(),
                    r.price(), r.paymentId(), r.confirmedAt(), r.releasedAt());
        }
    }

    private final Cancellations cancellations;

    CancelController(Cancellations cancellations) {
        this.cancellations = cancellations;
    }

    @DeleteMapping("/api/v1/reservations/{reservationId}")
    CancelledReservation cancel(SignedInUser caller,
                                @PathVariable UUID reservationId) {
        return CancelledReservation.of(cancellations.cancel(caller.id(), reservationId));
    }
}
