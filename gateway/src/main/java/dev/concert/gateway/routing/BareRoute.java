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
 * Diagnostics: with {@code gateway.bare-route-uri} set (the benchmark does), {@code /diagnostics/bare/**} is
 * proxied there with no token check, breaker or limit — the gateway's own cost, to compare the real routes with.
 * Absent by default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("gateway.bare-route-uri")
class BareRoute {

    @Bean
    RouteLocator bareDiagnosticRoute(RouteLocatorBuilder routes, GatewaySettings settings) {
        return routes.routes().route("diagnostics-bare", r -> r.path("/diagnostics/bare/**")
                .metadata(Map.of(TokenRequirement.METADATA_KEY, TokenRequirement.NONE.name()))
                .uri(settings.bareRouteUri())).build();
    }
}
