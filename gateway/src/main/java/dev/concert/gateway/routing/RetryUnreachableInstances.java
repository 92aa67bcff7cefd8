package dev.concert.gateway.routing;

import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.Set;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.factory.RetryGatewayFilterFactory.RetryConfig;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Sends a request to the next instance when the one the load balancer picked failed it at the connection level, as
 * far as that is safe: any other request whose connection was refused (it was never sent; up to two more tries),
 * and idempotent requests (GET, HEAD, DELETE; one more try, refused connections included) also when the connection
 * broke before an answer (an instance killed mid-request) or no answer came
 * within the route's {@code metadata.response-timeout} (a frozen or overloaded instance: the read routes set one
 * shorter than the breaker's time limit, so a second instance can still answer within it). A POST whose connection
 * broke may have been carried out: it is not sent again, the caller gets the breaker's 503. Answers are never
 * retried, whatever their status.
 * <p>
 * Every {@code lb://} route, inside its circuit breaker (this runs after the route's own filters), so the breaker
 * counts only a request that failed on every attempt. A route opts out with {@code metadata.retry: false} (the
 * status stream: a long answer already under way is not replayed).
 */
@Component
class RetryUnreachableInstances implements GlobalFilter, Ordered {

    static final String METADATA_KEY = "retry";
    private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.DELETE);

    private final GatewayFilter refusedConnections;
    private final GatewayFilter brokenConnections;

    RetryUnreachableInstances(RetryGatewayFilterFactory retries) {
        this.refusedConnections = retries.apply(moreTries(2, ConnectException.class).allMethods());
        // one more try only: a read that timed out on an overloaded service would otherwise be sent three times
        this.brokenConnections = retries.apply(moreTries(1, IOException.class, TimeoutException.class)
                .setMethods(IDEMPOTENT.toArray(HttpMethod[]::new)));
    }

    @SafeVarargs
    private static RetryConfig moreTries(int retries, Class<? extends Throwable>... failures) {
        return new RetryConfig().setRetries(retries).setSeries().setExceptions(failures)
                .setBackoff(Duration.ofMillis(20), Duration.ofMillis(200), 2, false);
    }

    @Override
    public int getOrder() {
        // after the routes' own filters (breakers, limits: orders from 1), before the load balancer picks (10150)
        return 1000;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        if (route == null || !"lb".equals(route.getUri().getScheme())
                || "false".equals(String.valueOf(route.getMetadata().get(METADATA_KEY)))) {
            return chain.filter(exchange);
        }
        GatewayFilter retry = IDEMPOTENT.contains(exchange.getRequest().getMethod()) ? brokenConnections
                : refusedConnections;
        return retry.filter(exchange, chain);
    }
}
