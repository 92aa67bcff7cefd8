package dev.concert.events;

import java.util.UUID;

/** The wallet paid for a payment; reservation-service confirms the hold if it is still live. */
public record WalletDebited(UUID paymentId, UUID reservationId, UUID userId, long amount, long balanceAfter)
        implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
