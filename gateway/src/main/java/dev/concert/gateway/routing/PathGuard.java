package dev.concert.gateway.routing;

import java.util.Locale;

import dev.concert.gateway.problem.Problems;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Paths are forwarded as sent and the services' servers normalise them: {@code /api/v1/schedules/../../../internal/x}
 * would match a public route here and reach {@code /internal/x} there. So dot segments and encoded separators are
 * refused outright, as are matrix parameters ({@code ;x}) and empty segments ({@code //}): every rule after this one
 * and every route then read the same path the service will. Nothing under an {@code internal} segment is ever
 * served.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class PathGuard implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        if (raw == null) {
            return chain.filter(exchange);
        }
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("\\")
                || lower.contains("%00")) {
            return Problems.write(exchange, HttpStatus.BAD_REQUEST, "PATH_NOT_ALLOWED",
                    "encoded dots, slashes or backslashes are not allowed in paths");
        }
        if (raw.contains("//")) {
            // an empty segment: some servers collapse it, route patterns do not
            return Problems.write(exchange, HttpStatus.BAD_REQUEST, "PATH_NOT_ALLOWED",
                    "empty path segments ('//') are not allowed in paths");
        }
        if (lower.contains(";")) {
            // matrix parameters: routes and checks read /users;x/{id} as /users/{id}, servers may read it otherwise,
            // and '..;' is a dot segment to some of them. No public API uses them.
            return Problems.write(exchange, HttpStatus.BAD_REQUEST, "PATH_NOT_ALLOWED",
                    "';' (matrix parameters) is not allowed in paths");
        }
        for (String segment : lower.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return Problems.write(exchange, HttpStatus.BAD_REQUEST, "PATH_NOT_ALLOWED",
                        "dot segments are not allowed in paths");
            }
            if (segment.equals("internal")) {
                return Problems.write(exchange, HttpStatus.NOT_FOUND, "NOT_FOUND", "no such resource");
            }
        }
        return chain.filter(exchange);
    }
}
