package dev.concert.events;

import java.time.Instant;
import java.util.UUID;

/**
 * An operator changed a date's start or sale window; the values are the whole window as it is now, so a consumer
 * replaces what it knows. Keyed by the schedule, like {@link ScheduleOpened}, so a date's events stay in order.
 */
public record ScheduleChanged(UUID scheduleId, UUID concertId, Instant startsAt, Instant saleOpensAt,
                              Instant saleClosesAt) implements DomainEvent {

    @Override
    public String key() {
        return scheduleId.toString();
    }
}
