package dev.concert.payment.reservationview;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A reservation as seen from payment-service. {@code price} and {@code expiresAt} are null when the first thing
 * heard of the reservation was its release.
 */
public record ReservationView(UUID reservationId, UUID userId, UUID scheduleId, UUID seatId, Integer seatNumber,
                              Long price, HoldStatus status, Instant expiresAt) {

    public ReservationView {
        Objects.requireNonNull(reservationId);
        Objects.requireNonNull(userId);
        Objects.requireNonNull(status);
    }

    /** Held, priced and not yet expired at {@code now}. */
    public boolean isLiveHoldAt(Instant now) {
        return status == HoldStatus.HELD && expiresAt != null && now.isBefore(expiresAt);
    }
}
