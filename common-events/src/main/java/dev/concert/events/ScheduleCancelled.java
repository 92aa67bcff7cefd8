package dev.concert.events;

import java.util.UUID;

/**
 * An operator cancelled a date for good: reservation-service ends every hold and cancels and refunds every booking of
 * it ({@link SeatReleased} and {@link BookingCancelled} with reason {@link ReleaseReason#SCHEDULE_CANCELLED}), its
 * waiting room admits nobody any more. Nothing undoes it.
 */
public record ScheduleCancelled(UUID scheduleId, UUID concertId) implements DomainEvent {

    @Override
    public String key() {
        return scheduleId.toString();
    }
}
