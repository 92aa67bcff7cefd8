package dev.concert.gateway.routing;

import java.util.Map;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.token.TokenRequirement;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Diagnostics: with {@code gateway.bare-route-uri} set (the benchmark does), two floors to compare the real routes
 * with, absent by default and outside {@code /api/**} (so no access-token check):
 * <ul>
 *   <li>{@code /diagnostics/bare/**} is proxied to that URI with no token check, breaker or limit: the gateway's own
 *   cost;</li>
 *   <li>{@code /diagnostics/service-route/**} goes to concert-service as a service route does, through its load
 *   balancer ({@code lb://}, the healthy instances, the retry of unreachable ones) and its circuit breaker (with the
 *   bulkhead and time limiter around it), with no token check: what a service route costs before any token.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("gateway.bare-route-uri")
class BareRoute {

    static final String SERVICE = "concert-service";

    @Bean
    RouteLocator bareDiagnosticRoute(RouteLocatorBuilder routes, GatewaySettings settings) {
        Map<String, Object> noToken = Map.of(TokenRequirement.METADATA_KEY, TokenRequirement.NONE.name());
        return routes.routes()
                .route("diagnostics-bare", r -> r.path("/diagnostics/bare/**")
                        .metadata(noToken)
                        .uri(settings.bareRouteUri()))
                .route("diagnostics-service-route", r -> r.path("/diagnostics/service-route/**")
                        .filters(f -> f.circuitBreaker(breaker -> breaker.setName(SERVICE)
                                .setFallbackUri("forward:/fallback/" + SERVICE)))
                        .metadata(noToken)
                        .uri("lb://" + SERVICE))
                .build();
    }
}
