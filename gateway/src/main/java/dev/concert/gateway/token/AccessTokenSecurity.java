package dev.concert.gateway.token;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.concert.accesstoken.AccessTokenRefusal;
import dev.concert.accesstoken.AccessTokenSettings;
import dev.concert.accesstoken.BearerToken;
import dev.concert.accesstoken.IdentityProviderUnavailable;
import dev.concert.accesstoken.TrustedIssuers;
import dev.concert.gateway.problem.Problems;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.ReactiveAuthenticationManagerResolver;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.firewall.ServerWebExchangeFirewall;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.NegatedServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * The gateway is an OAuth 2 resource server: every {@code /api/**} request but sign-up needs an access token of a
 * trusted issuer, checked here (signature against the issuer's cached keys, issuer, audience, expiry) before
 * anything is routed. The token goes on to the services unchanged, and they check it again: a service never takes
 * the gateway's word (or anyone's header) for who is calling. Sign-in itself ({@code /auth/**}), the OpenAPI
 * documents and the fallbacks need none; no other path is routed (the actuator is on the management port).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(AccessTokenSettings.class)
class AccessTokenSecurity {

    @Bean
    TrustedIssuers trustedIssuers(AccessTokenSettings settings) {
        return new TrustedIssuers(settings);
    }

    /**
     * Spring Security would wrap each of its filters in a Micrometer observation: measured as the largest part of
     * its cost per request here (docs/benchmarks.md), for spans nobody collects. Requests are still observed once,
     * as a whole, by the HTTP server.
     */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The default firewall matches every header name and value against patterns on every request; PathGuard already
     * refuses what matters in paths (dot segments, encoded separators, ';'), and Netty refuses malformed headers.
     */
    @Bean
    ServerWebExchangeFirewall firewall() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        return firewall;
    }

    /** A token verified lately is believed without parsing it again for its issuer (TrustedIssuers). */
    private static ReactiveAuthenticationManagerResolver<ServerWebExchange> knownFirst(
            TrustedIssuers issuers, JwtIssuerReactiveAuthenticationManagerResolver byIssuer) {
        return exchange -> byIssuer.resolve(exchange).map(verify -> authentication -> {
            if (authentication instanceof BearerTokenAuthenticationToken bearer) {
                AbstractAuthenticationToken known = issuers.knownAuthentication(bearer.getToken());
                if (known != null) {
                    return Mono.just(known);
                }
            }
            return verify.authenticate(authentication);
        });
    }

    @Bean
    SecurityWebFilterChain accessTokens(ServerHttpSecurity http, TrustedIssuers issuers, MeterRegistry meters) {
        Map<String, ReactiveAuthenticationManager> managers = new LinkedHashMap<>();
        for (String issuer : issuers.issuers()) {
            JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(
                    issuers.reactiveDecoder(issuer));
            manager.setJwtAuthenticationConverter(
                    new ReactiveJwtAuthenticationConverterAdapter(issuers.authentication()));
            managers.put(issuer, authentication -> manager.authenticate(authentication)
                    .onErrorMap(AuthenticationServiceException.class, IdentityProviderUnavailable::new));
        }
        // only the API is checked: the other paths the gateway routes (sign-in, OpenAPI documents, the fallbacks)
        // need no token, and skipping the chain for them keeps their cost at a bare route's
        ServerWebExchangeMatcher api = new AndServerWebExchangeMatcher(
                ServerWebExchangeMatchers.pathMatchers("/api/**"),
                new NegatedServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers(HttpMethod.POST,
                        "/api/v1/accounts")));
        return http
                .securityMatcher(api)
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .oauth2ResourceServer(server -> server
                        .bearerTokenConverter(exchange -> Mono.fromCallable(() -> BearerToken.from(
                                        exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION)))
                                .map(BearerTokenAuthenticationToken::new))
                        .authenticationManagerResolver(knownFirst(issuers,
                                new JwtIssuerReactiveAuthenticationManagerResolver(
                                        issuer -> Mono.justOrEmpty(managers.get(issuer)))))
                        .authenticationEntryPoint((exchange, failure) -> {
                            AccessTokenRefusal refusal = AccessTokenRefusal.of(failure);
                            Counter.builder("gateway.token.rejections")
                                    .description("requests refused by the access- or queue-token check")
                                    .tag("code", refusal.code()).register(meters).increment();
                            if (refusal.challenge() != null) {
                                exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                                        refusal.challenge());
                            }
                            return Problems.write(exchange, HttpStatus.valueOf(refusal.status()), refusal.code(),
                                    refusal.detail(failure));
                        }))
                // a token per request, nothing remembered between them
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .build();
    }
}
