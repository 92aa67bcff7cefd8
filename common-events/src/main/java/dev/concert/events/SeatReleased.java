package dev.concert.events;

import java.util.UUID;

/** A hold ended without a booking and the seat is AVAILABLE again. */
public record SeatReleased(UUID reservationId, UUID scheduleId, UUID seatId, UUID userId, ReleaseReason reason)
        implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
