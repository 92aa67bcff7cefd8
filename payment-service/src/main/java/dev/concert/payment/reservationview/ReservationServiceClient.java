package dev.concert.payment.reservationview;

import java.net.http.HttpClient;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The one synchronous call between services: {@code GET /internal/reservations/{id}} on reservation-service, behind a
 * short timeout, a bounded retry and a circuit breaker. When it cannot answer, callers get
 * {@link ReservationServiceUnavailable} at once instead of waiting on a sick service.
 * <p>
 * Retry wraps the breaker: every attempt counts in the failure rate, and once the circuit is open the retry does not
 * try again ({@link CallNotPermittedException} is not retried).
 */
@Component
public class ReservationServiceClient {

    static final String NAME = "reservation-service";

    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public ReservationServiceClient(ReservationServiceSettings settings, MeterRegistry meters) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build());
        requests.setReadTimeout(settings.timeout());
        this.http = RestClient.builder().baseUrl(settings.url().toString()).requestFactory(requests).build();

        var cb = settings.circuitBreaker();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.windowSize())
                .minimumNumberOfCalls(cb.minimumCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .waitDurationInOpenState(cb.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(ReservationServiceClient::isFailure)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.retryAttempts())
                .waitDuration(settings.retryBackoff())
                .retryOnException(ReservationServiceClient::isWorthRetrying)
                .build());
        this.breaker = breakers.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** The reservation as reservation-service knows it, or empty if it knows none with that id. */
    public Optional<ReservationSnapshot> fetch(UUID reservationId) {
        Supplier<Optional<ReservationSnapshot>> call = () -> http.get()
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
                });
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, call)).get();
        } catch (CallNotPermittedException open) {
            throw new ReservationServiceUnavailable("reservation-service is failing; not calling it for a while",
                    open);
        } catch (RestClientException | UnexpectedAnswer e) {
            throw new ReservationServiceUnavailable("reservation-service did not answer: " + e.getMessage(), e);
        }
    }

    /** For health checks, metrics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    private static boolean isWorthRetrying(Throwable e) {
        return e instanceof ResourceAccessException || (e instanceof UnexpectedAnswer u && u.status >= 500);
    }

    private static boolean isFailure(Throwable e) {
        return e instanceof RestClientException || e instanceof UnexpectedAnswer;
    }

    /** Neither the reservation (200) nor "no such reservation" (404). */
    static final class UnexpectedAnswer extends RuntimeException {
        final int status;

        UnexpectedAnswer(int status) {
            super("HTTP " + status);
            this.status = status;
        }
    }
}
