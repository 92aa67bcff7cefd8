package dev.concert.payment.internalcall;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.function.Function;
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
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * A synchronous call to another service's {@code /internal/**} API behind a short timeout, a bounded retry and a
 * circuit breaker (resilience4j). When the other service cannot answer, callers get {@link ServiceUnavailable} at
 * once instead of waiting on a sick service.
 * <p>
 * Retry wraps the breaker: every attempt counts in the failure rate, and once the circuit is open the retry does not
 * try again ({@link CallNotPermittedException} is not retried).
 */
public final class InternalService {

    private final String name;
    private final RestClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;

    public InternalService(String name, URI url, Duration connectTimeout, Duration timeout, int retryAttempts,
                           Duration retryBackoff, CircuitBreakerSettings cb, MeterRegistry meters) {
        this.name = name;
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .build());
        requests.setReadTimeout(timeout);
        this.http = RestClient.builder().baseUrl(url.toString()).requestFactory(requests).build();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(cb.windowSize())
                .minimumNumberOfCalls(cb.minimumCalls())
                .failureRateThreshold(cb.failureRateThreshold())
                .waitDurationInOpenState(cb.openFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(InternalService::isFailure)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(retryAttempts)
                .waitDuration(retryBackoff)
                .retryOnException(InternalService::isWorthRetrying)
                .build());
        this.breaker = breakers.circuitBreaker(name);
        this.retry = retries.retry(name);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /** Runs {@code call} on the client through retry and breaker; any failure to get an answer is unavailability. */
    public <T> T call(Function<RestClient, T> call) {
        Supplier<T> attempt = () -> call.apply(http);
        try {
            return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, attempt)).get();
        } catch (CallNotPermittedException open) {
            throw new ServiceUnavailable(name + " is failing; not calling it for a while", open);
        } catch (RestClientException | UnexpectedAnswer e) {
            throw new ServiceUnavailable(name + " did not answer: " + e.getMessage(), e);
        }
    }

    /** For health checks, metrics and tests. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    private static boolean isWorthRetrying(Throwable e) {
        return e instanceof ResourceAccessException || (e instanceof UnexpectedAnswer u && u.status() >= 500);
    }

    private static boolean isFailure(Throwable e) {
        return e instanceof RestClientException || e instanceof UnexpectedAnswer;
    }

    /**
     * @param windowSize          calls the failure rate is computed over
     * @param minimumCalls        calls needed before the rate counts
     * @param failureRateThreshold percentage of failed calls that opens the circuit
     * @param openFor             how long an open circuit refuses calls before letting a few through again
     */
    public record CircuitBreakerSettings(int windowSize, int minimumCalls, float failureRateThreshold,
                                         Duration openFor) {
    }

    /** An answer the caller did not expect (neither the resource nor its documented absence). */
    public static final class UnexpectedAnswer extends RuntimeException {
        private final int status;

        public UnexpectedAnswer(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** The other service could not be asked: down, slow, failing, or its circuit is open. */
    public static class ServiceUnavailable extends RuntimeException {
        public ServiceUnavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
