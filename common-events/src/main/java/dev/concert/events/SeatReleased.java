package dev.concert.events;

import java.util.UUID;

/**
 * A reservation ended without keeping its seat (an unpaid hold expired, or its owner cancelled the hold or the
 * booking) and the seat is AVAILABLE again.
 *
 * @param openHolds        how many of the user's reservations are still HELD after this one ended: holds the user may
 *                         still pay for (0 in events from before this field)
 * @param openHoldsVersion grows with every event that states {@code openHolds} for this user (ReservationConfirmed,
 *                         SeatReleased); such events of different reservations travel on different partitions, so of
 *                         two, the one with the higher version tells the current count (0 before this field)
 */
public record SeatReleased(UUID reservationId, UUID scheduleId, UUID seatId, UUID userId, ReleaseReason reason,
                           int openHolds, long openHoldsVersion) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
