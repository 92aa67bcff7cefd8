package dev.concert.payment.reservationview;

import java.util.Optional;
import java.util.UUID;

import dev.concert.payment.internalcall.InternalService;
import dev.concert.payment.internalcall.InternalService.ServiceUnavailable;
import dev.concert.payment.internalcall.InternalService.UnexpectedAnswer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * The synchronous calls to reservation-service's internal API, behind a short timeout, a bounded retry and a
 * circuit breaker ({@link InternalService}): the fallback read of a reservation whose {@code SeatHeld} was not seen
 * yet, and the reconciliation's late confirmation of a debit. When it cannot answer, callers get
 * {@link ReservationServiceUnavailable} at once instead of waiting on a sick service.
 */
@Component
public class ReservationServiceClient {

    static final String NAME = "reservation-service";

    private final InternalService service;
    /** its own breaker: a reconciliation backlog must never open the circuit that new payments depend on */
    private final InternalService reconciliation;

    public ReservationServiceClient(ReservationServiceSettings settings, MeterRegistry meters) {
        var cb = settings.circuitBreaker();
        var breaker = new InternalService.CircuitBreakerSettings(cb.windowSize(), cb.minimumCalls(),
                cb.failureRateThreshold(), cb.openFor());
        this.service = new InternalService(NAME, settings.url(), settings.connectTimeout(), settings.timeout(),
                settings.retryAttempts(), settings.retryBackoff(), breaker, meters);
        this.reconciliation = new InternalService(NAME + "-reconciliation", settings.url(),
                settings.connectTimeout(), settings.timeout(), settings.retryAttempts(), settings.retryBackoff(),
                breaker, meters);
    }

    /** The reservation as reservation-service knows it, or empty if it knows none with that id. */
    public Optional<ReservationSnapshot> fetch(UUID reservationId) {
        return call(service, http -> http.get()
                .uri("/internal/reservations/{id}", reservationId)
                .exchange((request, response) -> {
                    int status = response.getStatusCode().value();
                    if (status == 404) {
                        return Optional.<ReservationSnapshot>empty();
                    }
                    if (status != 200) {
                        throw new UnexpectedAnswer(status);
                    }
                    return Optional.ofNullable(response.bodyTo(ReservationSnapshot.class));
                }));
    }

    /** What reservation-service decided for a debit it may never have heard of (saga step 6, run on request). */
    public record LateConfirmation(UUID reservationId, UUID paymentId, Outcome outcome, String reason) {
        public enum Outcome { CONFIRMED, REFUSED }
    }

    /** Asks reservation-service to apply a payment's debit now: books the seat if the hold is live, else refuses. */
    public LateConfirmation confirmLate(UUID reservationId, UUID paymentId, UUID userId, long amount) {
        record Request(UUID paymentId, UUID userId, long amount) {
        }
        return call(reconciliation, http -> http.post()
                .uri("/internal/reservations/{id}/confirmation", reservationId)
                .body(new Request(paymentId, userId, amount))
                .exchange((request, response) -> {
                    if (response.getStatusCode().value() != 200) {
                        throw new UnexpectedAnswer(response.getStatusCode().value());
                    }
                    return response.bodyTo(LateConfirmation.class);
                }));
    }

    private static <T> T call(InternalService service,
                              java.util.function.Function<org.springframework.web.client.RestClient, T> call) {
        try {
            return service.call(call);
        } catch (ServiceUnavailable e) {
            throw new ReservationServiceUnavailable(e.getMessage(), e.getCause());
        }
    }

    /** For health checks, metrics and tests: the breaker of the payment path. */
    public CircuitBreaker breaker() {
        return service.breaker();
    }

    /** The breaker of the reconciliation's calls. */
    public CircuitBreaker reconciliationBreaker() {
        return reconciliation.breaker();
    }
}
