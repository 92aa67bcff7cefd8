package dev.concert.gateway.problem;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpStatusCodeException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Whatever goes wrong in the gateway itself answers problem+json with a code: no route (404), the rate limit
 * (429, thrown by RequestRateLimiter with throw-on-limit), an upstream that cannot be reached on a route without a
 * circuit breaker (503) or is too slow (504), anything else (500, logged).
 */
@Component
@Order(-2)
class GatewayErrors implements ErrorWebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(GatewayErrors.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        exchange.getResponse().getHeaders().clear();
        if (error instanceof HttpStatusCodeException limited && limited.getStatusCode().value() == 429) {
            limited.getResponseHeaders().forEach((name, values) ->
                    exchange.getResponse().getHeaders().addAll(name, values));
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return Problems.write(exchange, HttpStatus.TOO_MANY_REQUESTS, "RATE_LIMITED",
                    "too many requests of this kind from this account; retry in a second");
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatus code = HttpStatus.resolve(status.getStatusCode().value());
            code = code == null ? HttpStatus.INTERNAL_SERVER_ERROR : code;
            return switch (code) {
                case NOT_FOUND -> Problems.write(exchange, code, "NOT_FOUND", "no such resource");
                case METHOD_NOT_ALLOWED -> Problems.write(exchange, code, "METHOD_NOT_ALLOWED",
                        "method not allowed here");
                case CONTENT_TOO_LARGE -> Problems.write(exchange, code, "PAYLOAD_TOO_LARGE",
                        "request body too large");
                case SERVICE_UNAVAILABLE -> Problems.write(exchange, code, "SERVICE_UNAVAILABLE",
                        "no instance of the service is available; retry shortly");
                case GATEWAY_TIMEOUT -> Problems.write(exchange, code, "UPSTREAM_TIMEOUT",
                        "the service did not answer in time");
                default -> code.is4xxClientError()
                        ? Problems.write(exchange, code, code.name(), status.getReason() == null
                                ? code.getReasonPhrase() : status.getReason())
                        : unexpected(exchange, error);
            };
        }
        if (hasCause(error, ConnectException.class)) {
            return Problems.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "SERVICE_UNAVAILABLE",
                    "the service cannot be reached; retry shortly");
        }
        if (hasCause(error, TimeoutException.class)) {
            return Problems.write(exchange, HttpStatus.GATEWAY_TIMEOUT, "UPSTREAM_TIMEOUT",
                    "the service did not answer in time");
        }
        return unexpected(exchange, error);
    }

    private static Mono<Void> unexpected(ServerWebExchange exchange, Throwable error) {
        log.error("gateway failure on {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(),
                error);
        return Problems.write(exchange, HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the gateway failed; this is a bug, not your request");
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
