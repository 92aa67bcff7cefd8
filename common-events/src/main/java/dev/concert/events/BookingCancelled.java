package dev.concert.events;

import java.util.UUID;

/**
 * The owner cancelled a confirmed booking before the show started: the seat is back on sale (SeatReleased with reason
 * CANCELLED follows in the same transaction) and wallet-service gives the payment's debit back.
 */
public record BookingCancelled(UUID reservationId, UUID paymentId, UUID scheduleId, UUID seatId, UUID userId,
                               long amount) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
