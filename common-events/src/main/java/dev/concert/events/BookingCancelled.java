package dev.concert.events;

import java.util.UUID;

/**
 * The owner cancelled a confirmed booking before the show started, or an operator cancelled its date (reason
 * SCHEDULE_CANCELLED): the seat is back on sale (SeatReleased with the same reason follows in the same transaction)
 * and wallet-service gives the payment's debit back.
 */
public record BookingCancelled(UUID reservationId, UUID paymentId, UUID scheduleId, UUID seatId, UUID userId,
                               long amount, ReleaseReason reason) implements DomainEvent {

    /** {@code reason} was added later: an event from before it was always its owner's cancellation. */
    public BookingCancelled {
        reason = reason == null ? ReleaseReason.CANCELLED : reason;
    }

    /** Its owner cancelled it. */
    public BookingCancelled(UUID reservationId, UUID paymentId, UUID scheduleId, UUID seatId, UUID userId,
                            long amount) {
        this(reservationId, paymentId, scheduleId, seatId, userId, amount, ReleaseReason.CANCELLED);
    }

    @Override
    public String key() {
        return reservationId.toString();
    }
}
