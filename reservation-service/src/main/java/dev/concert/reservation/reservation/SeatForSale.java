package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.UUID;

/** A seat with its schedule's sale window: everything a hold checks before its transaction. */
public record SeatForSale(UUID seatId, UUID scheduleId, int seatNumber, long price, boolean onSale) {

    static SeatForSale of(Seat seat, SaleSchedule schedule, Instant now) {
        return new SeatForSale(seat.id(), seat.scheduleId(), seat.seatNumber(), seat.price(),
                schedule.isOnSaleAt(now));
    }
}
