package dev.concert.wallet.settlement;

import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/payments/{paymentId}/settlement}: payment-service's reconciliation asks what became of a
 * payment's debit (and closes it if nothing did). Internal: the gateway never routes {@code /internal/**}.
 */
@RestController
class SettlementController {

    private final PaymentSettlements settlements;

    SettlementController(PaymentSettlements settlements) {
        this.settlements = settlements;
    }

    record SettlementRequest(@NotNull UUID userId, @NotNull UUID reservationId, @Positive long amount) {
    }

    @PostMapping("/internal/payments/{paymentId}/settlement")
    PaymentSettlements.Settlement settle(@PathVariable UUID paymentId, @Valid @RequestBody SettlementRequest request) {
        return settlements.settle(paymentId, request.userId(), request.reservationId(), request.amount());
    }
}
