package dev.concert.events;

import java.util.UUID;

/** The wallet could not pay; the payment fails, the hold stays until it expires or is paid. */
public record WalletDebitFailed(UUID paymentId, UUID reservationId, UUID userId, long amount,
                                DebitFailure reason) implements DomainEvent {

    @Override
    public String key() {
        return reservationId.toString();
    }
}
