package dev.concert.events;

import java.time.Instant;
import java.util.UUID;

/** A seat was held for a user until {@code expiresAt}. */
public record SeatHeld(UUID reservationId, UUID scheduleId, UUID seatId, int seatNumber, UUID userId, long price,
                       Instant expiresAt) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
