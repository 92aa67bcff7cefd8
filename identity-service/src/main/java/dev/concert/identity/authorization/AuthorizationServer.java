package dev.concert.identity.authorization;

import java.time.Clock;
import java.time.Duration;

import dev.concert.identity.IdentitySettings;
import dev.concert.identity.account.Accounts;
import dev.concert.identity.keys.SigningKeys;
import dev.concert.identity.signin.CountingFailureHandler;
import dev.concert.identity.signin.SignInAttempts;
import dev.concert.identity.signin.SignInThrottle;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.DelegatingOAuth2TokenGenerator;
import org.springframework.security.oauth2.server.authorization.token.JwtGenerator;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenGenerator;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Spring Authorization Server as the platform needs it: one public client signing in with authorization code + PKCE,
 * refresh tokens for it (rotated at every use), JWT access tokens for the concert API, authorizations in MariaDB so
 * that codes and refresh tokens survive a restart and work on every instance. The deprecated password grant does
 * not exist here (Spring Authorization Server never implemented it).
 *
 * <p>The browser's login session is the servlet session: fine for the single instance of the local stack; several
 * instances need sticky sessions (or Spring Session) for the few seconds between the authorize redirect and the code.
 */
@Configuration(proxyBeanMethods = false)
public class AuthorizationServer {

    private static final Duration AUTHORIZATION_CODE_TTL = Duration.ofMinutes(5);

    /** The OAuth endpoints: authorize, token, JWK set, discovery, userinfo, revocation, introspection, logout. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain authorizationServerChain(HttpSecurity http, RegisteredClientRepository clients,
                                                 OAuth2AuthorizationService authorizations,
                                                 OAuth2TokenGenerator<?> tokens) {
        http.oauth2AuthorizationServer(server -> {
            http.securityMatcher(server.getEndpointsMatcher());
            server.registeredClientRepository(clients)
                    .authorizationService(authorizations)
                    .tokenGenerator(tokens)
                    .clientAuthentication(client -> client
                            .authenticationConverter(new PublicClientGrants.Converter())
                            .authenticationProvider(new PublicClientGrants.Provider(clients)))
                    // discovery tells what this provider really offers, not everything Spring could
                    .oidc(oidc -> oidc.providerConfigurationEndpoint(discovery -> discovery
                            .providerConfigurationCustomizer(metadata -> metadata
                                    .grantTypes(grants -> {
                                        grants.clear();
                                        grants.add(AuthorizationGrantType.AUTHORIZATION_CODE.getValue());
                                        grants.add(AuthorizationGrantType.REFRESH_TOKEN.getValue());
                                    })
                                    .tokenEndpointAuthenticationMethods(methods -> {
                                        methods.clear();
                                        methods.add(ClientAuthenticationMethod.NONE.getValue());
                                    }))));
        });
        http.authorizeHttpRequests(authorize -> authorize.anyRequest().authenticated());
        // not only browsers (Accept: text/html) go to the login form: scripts and tests follow the same redirects
        http.exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                new LoginUrlAuthenticationEntryPoint("/login"),
                PathPatternRequestMatcher.withDefaults().matcher("/oauth2/authorize")));
        return http.build();
    }

    /** Everything else: the login form (throttled), sign-up, the admin API, health and metrics. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    SecurityFilterChain defaultChain(HttpSecurity http, SignInAttempts attempts) {
        RequestMatcher signUp = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/v1/accounts");
        RequestMatcher admin = PathPatternRequestMatcher.withDefaults().matcher("/admin/**");
        RequestMatcher loginForm = PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/login");
        http.authorizeHttpRequests(authorize -> authorize
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/login", "/error").permitAll()
                        .requestMatchers(signUp, admin).permitAll()
                        .anyRequest().authenticated())
                .formLogin(form -> form.failureHandler(new CountingFailureHandler(attempts)))
                // JSON APIs without a session: CSRF protects the login form, not these
                .csrf(csrf -> csrf.ignoringRequestMatchers(signUp, admin))
                .addFilterBefore(new SignInThrottle(attempts, loginForm), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    @Bean
    RegisteredClientRepository registeredClients(IdentitySettings settings) {
        IdentitySettings.Client app = settings.client();
        RegisteredClient client = RegisteredClient
                // the id is what stored authorizations refer to: stable across restarts, unlike a random one
                .withId(app.id())
                .clientId(app.id())
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .redirectUris(uris -> uris.addAll(app.redirectUris()))
                .scope(OidcScopes.OPENID)
                .scope(OidcScopes.PROFILE)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                        .accessTokenTimeToLive(settings.accessTokenTtl())
                        .refreshTokenTimeToLive(settings.refreshTokenTtl())
                        .reuseRefreshTokens(false)
                        .authorizationCodeTimeToLive(AUTHORIZATION_CODE_TTL)
                        .idTokenSignatureAlgorithm(SignatureAlgorithm.RS256)
                        .build())
                .build();
        return new InMemoryRegisteredClientRepository(client);
    }

    @Bean
    OAuth2AuthorizationService authorizations(JdbcOperations jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationService(jdbc, clients);
    }

    @Bean
    OAuth2TokenGenerator<?> tokenGenerator(SigningKeys keys, Accounts accounts, Clock clock) {
        JwtGenerator jwts = new JwtGenerator(new NimbusJwtEncoder(keys));
        jwts.setJwtCustomizer(new TokenClaims(keys, accounts));
        jwts.setClock(clock);
        return new DelegatingOAuth2TokenGenerator(jwts, new RefreshTokens(clock));
    }
}
