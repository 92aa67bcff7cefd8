package dev.concert.events;

import java.util.UUID;

/** The wallet was debited but the hold was gone: wallet-service must refund. */
public record ReservationConfirmationFailed(UUID reservationId, UUID paymentId, UUID userId, long amount,
                                            String reason) implements DomainEvent {

    public static final String HOLD_EXPIRED = "HOLD_EXPIRED";

    @Override
    public String key() {
        return reservationId.toString();
    }
}
