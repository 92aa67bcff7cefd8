package dev.concert.gateway.token;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.concert.gateway.problem.Problems;
import dev.concert.token.InvalidQueueTokenException;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The queue-token check in front of every route (docs/design.md §3, invariant 5):
 * <ol>
 *   <li>client-sent identity headers are always dropped;</li>
 *   <li>no token, or a forged, foreign-keyed or expired one: 401, decided from the signature alone, without I/O;</li>
 *   <li>a {@code /users/{userId}/...} path of another user: 403;</li>
 *   <li>ACTIVE routes: one Redis script call that checks ACTIVE and records the activity; not ACTIVE: 401
 *       TOKEN_NOT_ACTIVE; Redis unreachable: 503 (fail closed);</li>
 *   <li>the identity headers are set from the verified token for the service.</li>
 * </ol>
 */
@Component
public class QueueTokenFilter implements GlobalFilter, Ordered {

    public static final String USER_HEADER = "X-User-Id";          // = CallerIdentity.USER_HEADER in the services
    public static final String TOKEN_HEADER = "X-Queue-Token-Id";  // = CallerIdentity.TOKEN_HEADER
    /** The verified claims, for the route filters after this one (exchange attribute). */
    public static final String CLAIMS_ATTRIBUTE = QueueTokenFilter.class.getName() + ".claims";

    private static final Logger log = LoggerFactory.getLogger(QueueTokenFilter.class);
    private static final String BEARER = "Bearer ";
    private static final Pattern USER_PATH = Pattern.compile("^/api/v1/users/([^/]+)(?:/.*)?$");

    private final QueueTokens tokens;
    private final ActiveTokens activeTokens;
    private final MeterRegistry meters;

    public QueueTokenFilter(QueueTokens tokens, ActiveTokens activeTokens, MeterRegistry meters) {
        this.tokens = tokens;
        this.activeTokens = activeTokens;
        this.meters = meters;
    }

    @Override
    public int getOrder() {
        // before the route's own filters (rate limit, circuit breaker) and long before the proxying ones
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        TokenRequirement requirement = TokenRequirement.of(route);
        if (requirement == TokenRequirement.NONE) {
            return chain.filter(withIdentity(exchange, null));
        }
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || authorization.length() == BEARER.length()) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, "TOKEN_MISSING",
                    "this API needs a queue token: 'Authorization: Bearer <token>' from POST /api/v1/queue/tokens");
        }
        QueueTokenClaims claims;
        try {
            claims = tokens.verify(authorization.substring(BEARER.length()).trim());
        } catch (InvalidQueueTokenException e) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, "TOKEN_INVALID", e.getMessage());
        }
        Matcher userPath = USER_PATH.matcher(exchange.getRequest().getPath().value());
        if (userPath.matches() && !userPath.group(1).equalsIgnoreCase(claims.userId().toString())) {
            return reject(exchange, HttpStatus.FORBIDDEN, "FORBIDDEN_USER",
                    "the path names another user than the queue token's");
        }
        if (requirement == TokenRequirement.VALID) {
            return chain.filter(withIdentity(exchange, claims));
        }
        return activeTokens.useIfActive(claims.tokenId())
                .map(active -> active ? ActiveCheck.ACTIVE : ActiveCheck.NOT_ACTIVE)
                .onErrorResume(e -> {
                    log.warn("queue store unavailable for the ACTIVE check: {}", e.toString());
                    return Mono.just(ActiveCheck.STORE_UNAVAILABLE);
                })
                .flatMap(check -> switch (check) {
                    case ACTIVE -> chain.filter(withIdentity(exchange, claims));
                    case NOT_ACTIVE -> reject(exchange, HttpStatus.UNAUTHORIZED, "TOKEN_NOT_ACTIVE",
                            "the queue token is not ACTIVE: wait for your turn (GET /api/v1/queue/status) or get "
                                    + "a new token");
                    case STORE_UNAVAILABLE -> reject(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                            "QUEUE_STORE_UNAVAILABLE", "the queue cannot confirm your turn right now; retry shortly");
                });
    }

    private enum ActiveCheck { ACTIVE, NOT_ACTIVE, STORE_UNAVAILABLE }

    private static ServerWebExchange withIdentity(ServerWebExchange exchange, QueueTokenClaims claims) {
        ServerHttpRequest request = exchange.getRequest().mutate().headers(headers -> {
            headers.remove(USER_HEADER);
            headers.remove(TOKEN_HEADER);
            if (claims != null) {
                headers.set(USER_HEADER, claims.userId().toString());
                headers.set(TOKEN_HEADER, claims.tokenId().toString());
            }
        }).build();
        ServerWebExchange withIdentity = exchange.mutate().request(request).build();
        if (claims != null) {
            withIdentity.getAttributes().put(CLAIMS_ATTRIBUTE, claims);
        }
        return withIdentity;
    }

    private Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
        Counter.builder("gateway.token.rejections").description("requests refused by the queue-token check")
                .tag("code", code).register(meters).increment();
        if (status == HttpStatus.UNAUTHORIZED) {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"concert-queue\"");
        }
        return Problems.write(exchange, status, code, detail, Map.of());
    }
}
