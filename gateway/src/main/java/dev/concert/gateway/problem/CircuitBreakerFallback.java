package dev.concert.gateway.problem;

import java.util.Map;
import java.util.concurrent.TimeoutException;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.concert.gateway.routing.OutlierEjection;

import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker forwards when the service fails, times out or the breaker is open
 * ({@code fallbackUri: forward:/fallback/<service>}): 503 SERVICE_UNAVAILABLE naming the service, so the client
 * knows it is worth retrying and operators see which service is down.
 */
@Configuration(proxyBeanMethods = false)
class CircuitBreakerFallback {

    private static final Logger log = LoggerFactory.getLogger(CircuitBreakerFallback.class);

    private final OutlierEjection outliers;

    CircuitBreakerFallback(OutlierEjection outliers) {
        this.outliers = outliers;
    }

    @Bean
    RouterFunction<ServerResponse> serviceUnavailableFallback() {
        return RouterFunctions.route().route(request -> request.path().startsWith("/fallback/"), this::fallback)
                .build();
    }

    private Mono<ServerResponse> fallback(ServerRequest request) {
        String service = request.path().substring("/fallback/".length());
        Throwable cause = request.exchange().getAttribute(
                ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        // per request, so debug: the breakers' own metrics (resilience4j_circuitbreaker_*) show the rates
        log.debug("{} failed: {}", service, String.valueOf(cause));
        if (cause instanceof TimeoutException) {
            outliers.cutOffByTimeLimit(request.exchange());
        }
        String why = cause instanceof CallNotPermittedException ? "is failing (circuit open)"
                : cause != null && cause.getClass().getSimpleName().equals("BulkheadFullException") ? "is saturated (too many calls in flight)"
                : cause instanceof TimeoutException ? "did not answer in time" : "cannot be reached";
        byte[] body = Problems.body(HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                service + " " + why + "; retry shortly", Map.of("service", service));
        return ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header("Retry-After", "2").header("Cache-Control", "no-store").bodyValue(body);
    }
}
