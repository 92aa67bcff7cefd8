package dev.concert.payment.reservationview;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of reservation-service's {@code GET /internal/reservations/{id}}; fields it adds later are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReservationSnapshot(UUID reservationId, UUID userId, UUID scheduleId, UUID seatId, Integer seatNumber,
                                  Long price, String status, Instant expiresAt) {

    ReservationView toView() {
        return new ReservationView(reservationId, userId, scheduleId, seatId, seatNumber, price,
                HoldStatus.fromReservationService(status), expiresAt);
    }
}
