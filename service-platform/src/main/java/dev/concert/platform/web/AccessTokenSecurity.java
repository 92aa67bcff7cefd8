package dev.concert.platform.web;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.concert.accesstoken.AccessTokenRefusal;
import dev.concert.accesstoken.AccessTokenSettings;
import dev.concert.accesstoken.BearerToken;
import dev.concert.accesstoken.IdentityProviderUnavailable;
import dev.concert.accesstoken.TrustedIssuers;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every {@code /api/**} request is an OAuth 2 resource-server request: it must carry an access token of a trusted
 * issuer (signature, issuer, audience, expiry checked here, keys from the issuer's cached JWK set), and it acts for
 * the account the token names ({@link SignedInUser}). No header a caller can write (X-User-Id and the like) is
 * believed. The rest (internal calls between services, the admin API with its own key, the OpenAPI document; the
 * actuator is on the management port) is outside this chain; the network keeps it away from the public.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(AccessTokenSettings.class)
public class AccessTokenSecurity {

    /** No Micrometer observation around each Spring Security filter: a cost per request for spans nobody collects. */
    @Bean
    SecurityObservationSettings noSecurityFilterObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The default firewall matches every header name and value against patterns on every request; Tomcat refuses
     * malformed headers, and the paths are still checked (encoded separators, dot segments, ';'). As at the gateway.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        return firewall;
    }

    @Bean
    TrustedIssuers trustedIssuers(AccessTokenSettings settings) {
        return new TrustedIssuers(settings);
    }

    /** The decoder is picked by the token's issuer; an untrusted issuer is refused before any key is fetched. */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> accessTokenAuthentication(TrustedIssuers issuers) {
        Map<String, AuthenticationManager> managers = new LinkedHashMap<>();
        for (String issuer : issuers.issuers()) {
            JwtAuthenticationProvider provider = new JwtAuthenticationProvider(issuers.decoder(issuer));
            provider.setJwtAuthenticationConverter(issuers.authentication());
            managers.put(issuer, authentication -> {
                try {
                    return provider.authenticate(authentication);
                } catch (AuthenticationServiceException e) {
                    throw new IdentityProviderUnavailable(e);
                }
            });
        }
        JwtIssuerAuthenticationManagerResolver byIssuer = new JwtIssuerAuthenticationManagerResolver(managers::get);
        // a token verified lately is believed without parsing it again for its issuer (TrustedIssuers)
        return request -> {
            AuthenticationManager verify = byIssuer.resolve(request);
            return authentication -> {
                if (authentication instanceof BearerTokenAuthenticationToken bearer) {
                    AbstractAuthenticationToken known = issuers.knownAuthentication(bearer.getToken());
                    if (known != null) {
                        known.setDetails(bearer.getDetails());
                        return known;
                    }
                }
                return verify.authenticate(authentication);
            };
        };
    }

    @Bean
    SecurityFilterChain accessTokens(HttpSecurity http,
                                     AuthenticationManagerResolver<HttpServletRequest> authentication,
                                     JsonMapper json) {
        return http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(server -> server
                        .bearerTokenResolver(request -> BearerToken.from(request.getHeader(HttpHeaders.AUTHORIZATION)))
                        .authenticationManagerResolver(authentication)
                        .authenticationEntryPoint((request, response, failure) -> refuse(response, failure, json)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                // nothing to log out of, and no servlet API (isUserInRole, login) to wrap each request for
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .build();
    }

    /** Written with the application's mapper, which knows how Spring renders a ProblemDetail. */
    private static void refuse(HttpServletResponse response, AuthenticationException failure, JsonMapper json)
            throws IOException {
        AccessTokenRefusal refusal = AccessTokenRefusal.of(failure);
        ProblemDetail body = ProblemResponses.problem(HttpStatus.valueOf(refusal.status()), refusal.code(),
                refusal.detail(failure)).getBody();
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (refusal.challenge() != null) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, refusal.challenge());
        }
        response.getOutputStream().write(json.writeValueAsBytes(body));
    }
}
