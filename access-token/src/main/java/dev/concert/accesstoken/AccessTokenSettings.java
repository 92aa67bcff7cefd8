package dev.concert.accesstoken;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which access tokens the platform accepts ({@code concert.access-token.*}), the same for the gateway and every
 * service. Issuers are a map by name, not a list, so that an operator adds one from the environment alone
 * ({@code CONCERT_ACCESSTOKEN_ISSUERS_PARTNER_ISSUER}, {@code ..._PARTNER_JWKSETURI}) without restating the others.
 *
 * @param audience               what every accepted token's {@code aud} must contain (an issuer may name its own)
 * @param issuers                the trusted issuers by a name of the operator's choosing
 * @param jwkCacheTtl            how long a fetched JWK set is used before it is fetched again (a retired key stops
 *                               verifying at most this long after its issuer stopped publishing it)
 * @param jwkRefreshMinInterval  at least this long between two fetches triggered by an unknown key id, so that tokens
 *                               with made-up key ids cannot flood the issuer (0: no limit)
 * @param clockSkew              tolerated difference between the issuer's clock and ours for {@code exp}/{@code nbf}
 * @param verifiedTokenTtl       a token verified here is believed again for this long (never past its expiry)
 *                               without checking its signature again; 0: every request is checked in full
 * @param verifiedTokenCapacity  at most this many verified tokens are kept (those sent most often stay; ~2 KB each)
 */
@ConfigurationProperties("concert.access-token")
public record AccessTokenSettings(@DefaultValue("concert-api") String audience,
                                  Map<String, TrustedIssuer> issuers,
                                  @DefaultValue("5m") Duration jwkCacheTtl,
                                  @DefaultValue("10s") Duration jwkRefreshMinInterval,
                                  @DefaultValue("60s") Duration clockSkew,
                                  @DefaultValue("30s") Duration verifiedTokenTtl,
                                  @DefaultValue("20000") int verifiedTokenCapacity) {

    public AccessTokenSettings {
        if (verifiedTokenTtl != null && verifiedTokenTtl.isNegative()) {
            throw new IllegalArgumentException("concert.access-token.verified-token-ttl must be at least 0 (0: off), not "
                    + verifiedTokenTtl);
        }
        if (verifiedTokenCapacity < 1) {
            throw new IllegalArgumentException("concert.access-token.verified-token-capacity must be at least 1, not "
                    + verifiedTokenCapacity + " (verified-token-ttl 0 turns the cache off)");
        }
        issuers = issuers == null ? Map.of() : Map.copyOf(issuers);
        if (issuers.isEmpty()) {
            throw new IllegalArgumentException("concert.access-token.issuers: at least one trusted issuer is needed");
        }
        issuers.forEach((name, issuer) -> {
            if (issuer.issuer() == null || issuer.issuer().isBlank() || issuer.jwkSetUri() == null) {
                throw new IllegalArgumentException("concert.access-token.issuers." + name
                        + ": both 'issuer' and 'jwk-set-uri' are needed");
            }
        });
    }

    /**
     * One identity provider whose tokens are accepted.
     *
     * @param issuer              the exact {@code iss} of its tokens (the public URL clients see)
     * @param jwkSetUri           where its public keys are fetched (may be an internal address)
     * @param audience            its own required audience, when it differs from the platform's
     * @param subjectIsAccountId  its {@code sub} is used as the account id as it is; only for the platform's own
     *                            provider, whose subjects are account UUIDs. For any other issuer the account id is
     *                            derived from issuer and subject together, so no issuer can speak for another's users.
     */
    public record TrustedIssuer(String issuer, URI jwkSetUri, String audience,
                                @DefaultValue("false") boolean subjectIsAccountId) {
    }
}
