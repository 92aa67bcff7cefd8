package dev.concert.accesstoken;

import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import reactor.core.publisher.Mono;

/**
 * The decoders of the trusted issuers: each checks the signature against its issuer's published keys (RS256 or
 * ES256 only; {@code alg: none} and HMAC are refused), then issuer, audience, expiry and subject. Keys come from the
 * issuer's JWK set through a cache: no call to the issuer per request, a token with a new key id makes one (rate
 * limited) fetch, so a rotation at the provider is followed without a restart, and a key the provider stopped
 * publishing stops verifying once the cache expires.
 */
public final class TrustedIssuers {

    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    private final Map<String, Issuer> byIssuer = new LinkedHashMap<>();
    private final VerifiedTokens verified;

    public TrustedIssuers(AccessTokenSettings settings) {
        this.verified = new VerifiedTokens(settings.verifiedTokenTtl(), settings.verifiedTokenCapacity(),
                Clock.systemUTC());
        settings.issuers().values().forEach(trusted -> byIssuer.put(trusted.issuer(),
                new Issuer(trusted, settings, verified)));
    }

    public Collection<String> issuers() {
        return byIssuer.keySet();
    }

    /** The decoder for tokens that name this issuer; null when the issuer is not trusted. */
    public JwtDecoder decoder(String issuer) {
        Issuer found = issuer == null ? null : byIssuer.get(issuer);
        return found == null ? null : found.decoder;
    }

    public ReactiveJwtDecoder reactiveDecoder(String issuer) {
        Issuer found = issuer == null ? null : byIssuer.get(issuer);
        return found == null ? null : found.reactiveDecoder();
    }

    /** The account a verified token speaks for (see {@link AccountIds}). */
    public UUID accountId(Jwt jwt) {
        Issuer issuer = byIssuer.get(jwt.getClaimAsString(JwtClaimNames.ISS));
        if (issuer == null) {
            throw new BadJwtException("the token's issuer is not trusted");
        }
        try {
            return AccountIds.of(issuer.trusted.issuer(), jwt.getSubject(), issuer.trusted.subjectIsAccountId());
        } catch (IllegalArgumentException e) {
            throw new BadJwtException(e.getMessage());
        }
    }

    /**
     * The authentication of a token this instance verified lately (the same cache the decoders consult), or null
     * when the token must go through its issuer's decoder. Asked before the token is parsed to find its issuer, so a
     * fan's next request with the same token costs a map lookup; anything unusual (a subject that names no account)
     * takes the full path and its refusal.
     */
    public AbstractAuthenticationToken knownAuthentication(String token) {
        Jwt jwt = verified.get(token);
        if (jwt == null) {
            return null;
        }
        try {
            return authentication().convert(jwt);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A verified token as Spring Security's authentication, named by the account id. */
    public Converter<Jwt, AbstractAuthenticationToken> authentication() {
        return jwt -> new JwtAuthenticationToken(jwt, List.of(), accountId(jwt).toString());
    }

    private static final class Issuer {

        private final AccessTokenSettings.TrustedIssuer trusted;
        private final DefaultJWTProcessor<SecurityContext> processor;
        private final OAuth2TokenValidator<Jwt> validator;
        private final JwtDecoder decoder;
        private final VerifiedTokens verified;
        private volatile ReactiveJwtDecoder reactiveDecoder;

        Issuer(AccessTokenSettings.TrustedIssuer trusted, AccessTokenSettings settings, VerifiedTokens verified) {
            this.trusted = trusted;
            this.verified = verified;
            this.processor = processor(keys(trusted, settings));
            String audience = trusted.audience() == null || trusted.audience().isBlank()
                    ? settings.audience() : trusted.audience();
            this.validator = new DelegatingOAuth2TokenValidator<>(
                    new JwtTimestampValidator(settings.clockSkew()),
                    new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull),
                    new JwtIssuerValidator(trusted.issuer()),
                    new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                            aud -> aud != null && aud.contains(audience)),
                    new JwtClaimValidator<String>(JwtClaimNames.SUB, sub -> sub != null && !sub.isBlank()));
            NimbusJwtDecoder nimbus = new NimbusJwtDecoder(processor);
            nimbus.setJwtValidator(validator);
            this.decoder = token -> {
                Jwt known = verified.get(token);
                return known != null ? known : verified.remember(token, nimbus.decode(token));
            };
        }

        ReactiveJwtDecoder reactiveDecoder() {
            if (reactiveDecoder == null) {
                // the JWK set comes from the cache; only a miss (start, expiry, new key id) fetches, and that
                // rarely enough not to deserve its own thread hop
                Converter<JWT, Mono<JWTClaimsSet>> verify = jwt -> Mono.fromCallable(() -> process(jwt));
                NimbusReactiveJwtDecoder reactive = new NimbusReactiveJwtDecoder(verify);
                reactive.setJwtValidator(validator);
                reactiveDecoder = token -> {
                    Jwt known = verified.get(token);
                    return known != null ? Mono.just(known)
                            : reactive.decode(token).map(jwt -> verified.remember(token, jwt));
                };
            }
            return reactiveDecoder;
        }

        private JWTClaimsSet process(JWT jwt) {
            try {
                return processor.process(jwt, null);
            } catch (RemoteKeySourceException e) {
                // the issuer's keys cannot be fetched: not the client's fault (AuthenticationServiceException later)
                throw new JwtException("the identity provider's keys cannot be fetched: " + e.getMessage(), e);
            } catch (BadJOSEException | JOSEException e) {
                throw new BadJwtException(e.getMessage(), e);
            }
        }

        /**
         * The issuer's keys as a request sees them: from the cache, refreshed ahead of expiry in the background (no
         * request waits for the issuer then); on an unknown key id, one fetch, rate limited; an issuer that cannot
         * be reached keeps its last keys for an hour (a rotation is still followed once it answers again), and a
         * fetch gives up after one second, since the gateway's event loop may be the one waiting.
         */
        private static JWKSource<SecurityContext> keys(AccessTokenSettings.TrustedIssuer trusted,
                                                       AccessTokenSettings settings) {
            try {
                long ttl = settings.jwkCacheTtl().toMillis();
                long ahead = Math.max(1, Math.min(30_000, ttl / 4));
                long refreshTimeout = Math.max(1, Math.min(5_000, ttl / 4));
                long minInterval = settings.jwkRefreshMinInterval().toMillis();
                JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder
                        .create(trusted.jwkSetUri().toURL(), new DefaultResourceRetriever(1_000, 1_000, 256 * 1024))
                        .cache(ttl, refreshTimeout)
                        .refreshAheadCache(ahead, false)
                        .outageTolerant(3_600_000)
                        .retrying(false);
                builder = minInterval > 0 ? builder.rateLimited(minInterval) : builder.rateLimited(false);
                return builder.build();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("not a URL: " + trusted.jwkSetUri(), e);
            }
        }

        private static DefaultJWTProcessor<SecurityContext> processor(JWKSource<SecurityContext> keys) {
            DefaultJWTProcessor<SecurityContext> processor = new KeysUnavailableIsRemote();
            processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
            // RFC 9068 access tokens say typ "at+jwt"; most providers say "JWT" or nothing
            processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT,
                    new JOSEObjectType("at+jwt"), null));
            // the claims are checked by Spring Security's validators above, with our messages
            processor.setJWTClaimsSetVerifier((claims, context) -> { });
            return processor;
        }
    }

    /**
     * Keys that cannot be fetched are the provider's trouble, not a bad token: Spring Security answers a
     * RemoteKeySourceException as a service failure (503 here) and any other JOSE failure as an invalid token (401),
     * while Nimbus's caching sources report an unreachable JWK set as a plain KeySourceException.
     */
    private static final class KeysUnavailableIsRemote extends DefaultJWTProcessor<SecurityContext> {

        @Override
        public JWTClaimsSet process(JWT jwt, SecurityContext context) throws BadJOSEException, JOSEException {
            try {
                return super.process(jwt, context);
            } catch (RemoteKeySourceException e) {
                throw e;
            } catch (KeySourceException e) {
                throw new RemoteKeySourceException(e.getMessage(), e);
            }
        }
    }
}
