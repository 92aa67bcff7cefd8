package dev.concert.events;

import java.util.UUID;

/** The compensation: a debit for a payment that could not be booked was given back. */
public record WalletRefunded(UUID paymentId, UUID reservationId, UUID userId, long amount, long balanceAfter)
        implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
