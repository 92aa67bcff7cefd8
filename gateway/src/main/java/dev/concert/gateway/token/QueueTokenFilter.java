package dev.concert.gateway.token;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The queue-token check, after the access token was verified (AccessTokenSecurity) (docs/design.md §3, invariant 5):
 * <ol>
 *   <li>identity headers a client writes ({@code X-User-Id}, {@code X-Queue-Token-Id}, {@code X-Client-Address}) are
 *       dropped: none shall reach a service;</li>
 *   <li>a {@code /users/{id}/...} path of another user than the signed-in one: 403;</li>
 *   <li>routes that need a queue token: none in the {@code Queue-Token} header, or a forged, foreign-keyed or
 *       expired one: 401, decided from the signature alone, without I/O; a genuine one of another user: 403;</li>
 *   <li>ACTIVE routes: a path naming a schedule ({@code /api/v1/schedules/{id}/...}) of another room than the
 *       token's: 403 WRONG_ROOM, without I/O; then one Redis script call that checks ACTIVE in the token's room and
 *       records the activity (a token found ACTIVE lately is believed for a second: ActiveTokens); not ACTIVE: 401
 *       QUEUE_TOKEN_NOT_ACTIVE; Redis unreachable: 503 (fail closed, but for tokens found ACTIVE in the last
 *       second). The token's room goes on to the service as {@code X-Queue-Room}, which refuses a schedule of
 *       another room named in a body or behind a reservation (403 WRONG_ROOM): what the gateway cannot see without
 *       extra I/O.</li>
 * </ol>
 * Both tokens go on to the service unchanged; the services verify the access token again themselves.
 */
@Component
public class QueueTokenFilter implements GlobalFilter, Ordered {

    /** Never believed anywhere; dropped so that no service could be tempted. */
    static final List<String> IDENTITY_HEADERS = List.of("X-User-Id", "X-Queue-Token-Id", "X-Client-Address",
            QueueTokenFilter.ROOM_HEADER);
    /** The verified token's room, for the services behind ACTIVE routes; only ever written here. */
    public static final String ROOM_HEADER = "X-Queue-Room";
    /** The verified claims, for the route filters after this one (exchange attribute). */
    public static final String CLAIMS_ATTRIBUTE = QueueTokenFilter.class.getName() + ".claims";

    private static final Logger log = LoggerFactory.getLogger(QueueTokenFilter.class);

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
        ServerWebExchange cleaned = withoutIdentityHeaders(exchange);
        return cleaned.getPrincipal().map(Principal::getName).defaultIfEmpty("")
                .flatMap(account -> check(cleaned, chain, account));
    }

    private Mono<Void> check(ServerWebExchange exchange, GatewayFilterChain chain, String account) {
        String pathUser = pathUser(exchange.getRequest());
        if (pathUser != null && !pathUser.equals("me") && !pathUser.equalsIgnoreCase(account)) {
            return reject(exchange, HttpStatus.FORBIDDEN, "FORBIDDEN_USER",
                    "the path names another user than the signed-in one (use /users/me/...)");
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        TokenRequirement requirement = TokenRequirement.of(route);
        if (requirement == TokenRequirement.NONE) {
            return chain.filter(exchange);
        }
        String token = exchange.getRequest().getHeaders().getFirst(QueueTokens.HEADER);
        if (token == null || token.isBlank()) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_MISSING",
                    "this API needs your queue token in the '" + QueueTokens.HEADER
                            + "' header (from POST /api/v1/queue/tokens)");
        }
        QueueTokenClaims claims;
        try {
            claims = tokens.verify(token.trim());
        } catch (InvalidQueueTokenException e) {
            return reject(exchange, HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_INVALID", e.getMessage());
        }
        if (!claims.userId().toString().equals(account)) {
            return reject(exchange, HttpStatus.FORBIDDEN, "QUEUE_TOKEN_NOT_YOURS",
                    "the queue token was issued to another user than the signed-in one");
        }
        exchange.getAttributes().put(CLAIMS_ATTRIBUTE, claims);
        if (requirement == TokenRequirement.VALID) {
            if (HttpMethod.DELETE.equals(exchange.getRequest().getMethod())) {
                // leaving: this gateway stops believing what it found of the token (ActiveTokens) before the fan
                // sees the answer, and again when the exchange ends, for a leave whose answer was never written (the
                // fan went away) but which queue-service may have carried out
                UUID leaving = claims.tokenId();
                exchange.getResponse().beforeCommit(() -> Mono.fromRunnable(() -> activeTokens.forget(leaving)));
                return chain.filter(exchange).doFinally(signal -> activeTokens.forget(leaving));
            }
            return chain.filter(exchange);
        }
        String pathSchedule = pathSegmentAfter(exchange.getRequest(), "schedules");
        if (pathSchedule != null && !pathSchedule.equalsIgnoreCase(claims.room().toString())) {
            return reject(exchange, HttpStatus.FORBIDDEN, "WRONG_ROOM",
                    "the queue token is for the waiting room of schedule " + claims.room()
                            + ", not of this one: join this schedule's room (POST /api/v1/queue/tokens)");
        }
        ServerWebExchange withRoom = exchange.mutate().request(exchange.getRequest().mutate()
                .header(ROOM_HEADER, claims.room().toString()).build()).build();
        return activeTokens.useIfActive(claims)
                .map(active -> active ? ActiveCheck.ACTIVE : ActiveCheck.NOT_ACTIVE)
                .onErrorResume(e -> {
                    log.warn("queue store unavailable for the ACTIVE check: {}", e.toString());
                    return Mono.just(ActiveCheck.STORE_UNAVAILABLE);
                })
                .flatMap(check -> switch (check) {
                    case ACTIVE -> chain.filter(withRoom);
                    case NOT_ACTIVE -> reject(exchange, HttpStatus.UNAUTHORIZED, "QUEUE_TOKEN_NOT_ACTIVE",
                            "the queue token is not ACTIVE: wait for your turn (GET /api/v1/queue/status) or get "
                                    + "a new token");
                    case STORE_UNAVAILABLE -> reject(exchange, HttpStatus.SERVICE_UNAVAILABLE,
                            "QUEUE_STORE_UNAVAILABLE", "the queue cannot confirm your turn right now; retry shortly");
                });
    }

    private enum ActiveCheck { ACTIVE, NOT_ACTIVE, STORE_UNAVAILABLE }

    /**
     * The user segment of {@code /api/v1/users/{id}/...}, read from the parsed path as the route predicates read it
     * (matrix parameters such as {@code ;x} stripped), so no spelling of the path slips past this check.
     */
    static String pathUser(ServerHttpRequest request) {
        return pathSegmentAfter(request, "users");
    }

    /** The segment after {@code /api/v1/<collection>/}, read as {@link #pathUser} reads it; null if none. */
    static String pathSegmentAfter(ServerHttpRequest request, String collection) {
        List<PathContainer.Element> elements = request.getPath().pathWithinApplication().elements();
        String[] expected = {"api", "v1", collection};
        int segment = 0;
        for (PathContainer.Element element : elements) {
            if (!(element instanceof PathContainer.PathSegment path)) {
                continue;
            }
            if (segment < expected.length) {
                if (!expected[segment].equals(path.valueToMatch())) {
                    return null;
                }
            } else {
                return path.valueToMatch();
            }
            segment++;
        }
        return null;
    }

    private static ServerWebExchange withoutIdentityHeaders(ServerWebExchange exchange) {
        if (IDENTITY_HEADERS.stream().noneMatch(exchange.getRequest().getHeaders()::containsHeader)) {
            return exchange;
        }
        ServerHttpRequest request = exchange.getRequest().mutate()
                .headers(headers -> IDENTITY_HEADERS.forEach(headers::remove)).build();
        return exchange.mutate().request(request).build();
    }

    private Mono<Void> reject(ServerWebExchange exchange, HttpStatus status, String code, String detail) {
        Counter.builder("gateway.token.rejections").description("requests refused by the access- or queue-token check")
                .tag("code", code).register(meters).increment();
        return Problems.write(exchange, status, code, detail, Map.of());
    }
}
