package dev.concert.events;

import java.util.UUID;

/** The wallet was debited but the hold was gone: wallet-service must refund. */
public record ReservationConfirmationFailed(UUID reservationId, UUID paymentId, UUID userId, long amount,
                                            ConfirmationFailure reason) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
