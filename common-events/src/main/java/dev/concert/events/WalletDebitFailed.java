package dev.concert.events;

import java.util.UUID;

/** The wallet could not pay; the payment fails, the hold stays until it expires or is paid. */
public record WalletDebitFailed(UUID paymentId, UUID reservationId, UUID userId, long amount, String reason)
        implements DomainEvent {

    public static final String INSUFFICIENT_BALANCE = "INSUFFICIENT_BALANCE";

    @Override
    public String key() {
        return reservationId.toString();
    }
}
