package dev.concert.reservation.reservation;

import java.util.UUID;

/** A seat with its schedule's sale window: everything a hold checks before its transaction. */
public record SeatForSale(UUID seatId, UUID scheduleId, int seatNumber, long price, boolean onSale) {
}
