package dev.concert.reservation.payment;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.reservation.reservation.PaymentDebit;

import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/reservations/{id}/confirmation}: payment-service's reconciliation found a debit whose
 * {@code WalletDebited} this service may never have applied. It runs saga step 6 exactly as the event would (the
 * same {@link PaidHolds#confirm}, announcing the same events), so a late event and this call agree: the seat is
 * booked if the hold is still live, otherwise {@code ReservationConfirmationFailed} sends the money back. Internal:
 * the gateway never routes {@code /internal/**}.
 */
@RestController
class LateConfirmationController {

    enum Outcome { CONFIRMED, REFUSED }

    record ConfirmationRequest(@NotNull UUID paymentId, @NotNull UUID userId, @Positive long amount) {
    }

    record ConfirmationAnswer(UUID reservationId, UUID paymentId, Outcome outcome, ConfirmationFailure reason) {
    }

    private final PaidHolds paidHolds;
    private final TransactionTemplate tx;

    LateConfirmationController(PaidHolds paidHolds, TransactionTemplate tx) {
        this.paidHolds = paidHolds;
        this.tx = tx;
    }

    @PostMapping("/internal/reservations/{reservationId}/confirmation")
    ConfirmationAnswer confirm(@PathVariable UUID reservationId, @Valid @RequestBody ConfirmationRequest request) {
        PaymentDebit debit = new PaymentDebit(request.paymentId(), reservationId, request.userId(), request.amount());
        return tx.execute(status -> paidHolds.confirm(debit)
                .filter(ReservationConfirmationFailed.class::isInstance)
                .map(ReservationConfirmationFailed.class::cast)
                .map(f -> new ConfirmationAnswer(reservationId, request.paymentId(), Outcome.REFUSED, f.reason()))
                .orElseGet(() -> new ConfirmationAnswer(reservationId, request.paymentId(), Outcome.CONFIRMED,
                        null)));
    }
}
