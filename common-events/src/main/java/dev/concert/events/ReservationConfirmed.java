package dev.concert.events;

import java.util.UUID;

/** The seat is BOOKED for good: the saga's happy end. */
public record ReservationConfirmed(UUID reservationId, UUID paymentId, UUID scheduleId, UUID seatId, UUID userId,
                                   long amount) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
