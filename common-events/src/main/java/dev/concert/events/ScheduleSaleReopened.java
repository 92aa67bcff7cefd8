package dev.concert.events;

import java.util.UUID;

/** An operator reopened a closed sale: the date's sale window rules again, its waiting room admits again. */
public record ScheduleSaleReopened(UUID scheduleId, UUID concertId) implements DomainEvent {

    @Override
    public String key() {
        return scheduleId.toString();
    }
}
