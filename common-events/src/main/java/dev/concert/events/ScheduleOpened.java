package dev.concert.events;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** concert-service opened a schedule for sale; reservation-service turns the catalog into inventory. */
public record ScheduleOpened(UUID scheduleId, UUID concertId, String concertTitle, Instant startsAt,
                             Instant saleOpensAt, Instant saleClosesAt, List<CatalogSeat> seats) implements DomainEvent {

    public record CatalogSeat(UUID seatId, int seatNumber, String grade, long price) {
    }

    @Override
    public String key() {
        return scheduleId.toString();
    }
}
