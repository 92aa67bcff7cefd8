package dev.concert.reservation.reservation;

import java.util.UUID;

import dev.concert.events.WalletDebited;

/**
 * Money taken for a reservation: what saga step 6 decides on, whether it heard {@code WalletDebited} or
 * payment-service's reconciliation asked.
 */
public record PaymentDebit(UUID paymentId, UUID reservationId, UUID userId, long amount) {

    public static PaymentDebit of(WalletDebited e) {
        return new PaymentDebit(e.paymentId(), e.reservationId(), e.userId(), e.amount());
    }
}
