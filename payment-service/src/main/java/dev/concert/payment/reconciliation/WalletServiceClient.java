package dev.concert.payment.reconciliation;

import java.util.UUID;

import dev.concert.payment.internalcall.InternalService;
import dev.concert.payment.internalcall.InternalService.UnexpectedAnswer;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/** wallet-service's internal API, for the reconciliation only (the saga itself talks to the wallet by events). */
@Component
class WalletServiceClient {

    /** What the wallet's ledger says about a payment: DEBITED, REFUNDED, or VOIDED (never debited, now never). */
    record Settlement(UUID paymentId, State state, long amount) {
        enum State { DEBITED, REFUNDED, VOIDED }
    }

    private final InternalService service;

    WalletServiceClient(ReconciliationSettings settings, MeterRegistry meters) {
        this.service = new InternalService("wallet-service", settings.walletServiceUrl(), settings.callTimeout(),
                settings.callTimeout(), 2, java.time.Duration.ofMillis(200),
                new InternalService.CircuitBreakerSettings(10, 4, 50, java.time.Duration.ofSeconds(10)), meters);
    }

    /** For tests and metrics. */
    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker() {
        return service.breaker();
    }

    /** The ledger's word on the payment; if it has none yet, the wallet voids the payment first. */
    Settlement settle(UUID paymentId, UUID userId, UUID reservationId, long amount) {
        record Request(UUID userId, UUID reservationId, long amount) {
        }
        return service.call(http -> http.post()
                .uri("/internal/payments/{id}/settlement", paymentId)
                .body(new Request(userId, reservationId, amount))
                .exchange((request, response) -> {
                    if (response.getStatusCode().value() != 200) {
                        throw new UnexpectedAnswer(response.getStatusCode().value());
                    }
                    return response.bodyTo(Settlement.class);
                }));
    }
}
