package dev.concert.payment.reservationview;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How payment-service calls reservation-service when it has not seen a reservation's events yet.
 *
 * @param url            base URL of reservation-service
 * @param connectTimeout to open the connection
 * @param timeout        to get the answer once connected
 * @param retryAttempts  calls in total (1 = no retry); only failures to reach it or 5xx are retried
 * @param retryBackoff   pause between two attempts
 * @param circuitBreaker when to stop calling for a while
 */
@ConfigurationProperties(prefix = "payment.reservation-service")
public record ReservationServiceSettings(@DefaultValue("http://127.0.0.1:8083") URI url,
                                         @DefaultValue("500ms") Duration connectTimeout,
                                         @DefaultValue("1500ms") Duration timeout,
                                         @DefaultValue("2") int retryAttempts,
                                         @DefaultValue("100ms") Duration retryBackoff,
                                         @DefaultValue CircuitBreakerSettings circuitBreaker) {

    public ReservationServiceSettings {
        if (retryAttempts < 1 || retryAttempts > 5) {
            throw new IllegalArgumentException("payment.reservation-service.retry-attempts must be 1..5");
        }
    }

    /**
     * @param windowSize          calls the failure rate is computed over
     * @param minimumCalls        calls needed before the rate counts
     * @param failureRateThreshold percentage of failed calls that opens the circuit
     * @param openFor             how long an open circuit refuses calls before letting a few through again
     */
    public record CircuitBreakerSettings(@DefaultValue("10") int windowSize, @DefaultValue("4") int minimumCalls,
                                         @DefaultValue("50") float failureRateThreshold,
                                         @DefaultValue("10s") Duration openFor) {
    }
}
