package dev.concert.events;

import java.util.UUID;

/**
 * An operator closed a date's sale whatever its window says: no new holds, the catalog no longer lists it, its
 * waiting room admits nobody. Holds and bookings taken already stay. {@link ScheduleSaleReopened} undoes it.
 */
public record ScheduleSaleClosed(UUID scheduleId, UUID concertId) implements DomainEvent {

    @Override
    public String key() {
        return scheduleId.toString();
    }
}
