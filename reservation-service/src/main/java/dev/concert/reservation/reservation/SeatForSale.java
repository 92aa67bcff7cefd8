package dev.concert.reservation.reservation;

import java.util.UUID;

/**
 * A seat with its schedule's sale window and the seat's state when it was read: everything a hold checks before its
 * transaction.
 */
public record SeatForSale(UUID seatId, UUID scheduleId, int seatNumber, long price, boolean onSale,
                          SeatStatus status) {

    /**
     * Whether a hold could take the seat when it was read ({@code seat.canBecome(HELD)}). When a thousand fans race
     * for fifty seats nearly every attempt finds the seat taken; they are refused on this read, without a
     * transaction. The conditional update stays the authority for those that find it free.
     */
    public boolean looksFree() {
        return status.canBecome(SeatStatus.HELD);
    }
}
