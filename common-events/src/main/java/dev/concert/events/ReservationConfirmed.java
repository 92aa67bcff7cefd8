package dev.concert.events;

import java.util.UUID;

/**
 * The seat is BOOKED: the saga's happy end.
 *
 * @param openHolds        how many of the user's reservations are still HELD after this booking: holds the user may
 *                         still pay for (0 in events from before this field, which ends the visit as it always did)
 * @param openHoldsVersion grows with every event that states {@code openHolds} for this user; see
 *                         {@link SeatReleased#openHoldsVersion()}
 */
public record ReservationConfirmed(UUID reservationId, UUID paymentId, UUID scheduleId, UUID seatId, UUID userId,
                                   long amount, int openHolds, long openHoldsVersion) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
