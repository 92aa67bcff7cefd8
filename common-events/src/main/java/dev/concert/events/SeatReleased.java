package dev.concert.events;

import java.util.UUID;

/** A hold ended without a booking and the seat is AVAILABLE again. */
public record SeatReleased(UUID reservationId, UUID scheduleId, UUID seatId, UUID userId, String reason)
        implements DomainEvent {

    public static final String HOLD_EXPIRED = "HOLD_EXPIRED";

    @Override
    public String key() {
        return reservationId.toString();
    }
}
