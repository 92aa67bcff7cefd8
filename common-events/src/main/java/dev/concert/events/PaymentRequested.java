package dev.concert.events;

import java.util.UUID;

/** A user asked to pay for a held reservation; wallet-service debits. */
public record PaymentRequested(UUID paymentId, UUID reservationId, UUID userId, long amount) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
