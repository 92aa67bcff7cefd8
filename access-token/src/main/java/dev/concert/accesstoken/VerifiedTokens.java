package dev.concert.accesstoken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Access tokens this instance verified lately. A fan sends the same token with every poll and every click; checking
 * its signature and claims each time costs several hundred microseconds of CPU per request (measured,
 * docs/benchmarks.md), so a token verified once is believed again for a short while: never past its own expiry, and
 * at most {@code ttl} after it was verified, so that a retired key still stops verifying within that bound. The key is
 * the exact token text: only a byte-identical token hits.
 *
 * <p>Bounded by Caffeine's size policy, which keeps the tokens sent most often: a sale's fans outnumber any bound a
 * heap allows, and emptying the whole cache when full (as it once did) made a working set only a little larger than the
 * bound miss on nearly every request.
 */
final class VerifiedTokens {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final Cache<String, Verified> verified;
    private final Duration ttl;
    private final Clock clock;

    VerifiedTokens(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
        // maintenance (evictions) on the caller's thread: no task handed to the common pool per request
        this.verified = Caffeine.newBuilder().maximumSize(capacity).expireAfterWrite(ttl).executor(Runnable::run)
                .build();
    }

    /**
     * The verified token, if it was verified within the ttl and has not expired since (checked by the clock here; the
     * cache itself drops entries a ttl after they were written, so dead ones do not hold places in the bound).
     */
    Jwt get(String token) {
        if (ttl.isZero()) {
            return null;
        }
        Verified hit = verified.getIfPresent(token);
        if (hit == null) {
            return null;
        }
        if (!clock.instant().isBefore(hit.until())) {
            verified.asMap().remove(token, hit);
            return null;
        }
        return hit.jwt();
    }

    Jwt remember(String token, Jwt jwt) {
        if (ttl.isZero()) {
            return jwt;
        }
        Instant until = clock.instant().plus(ttl);
        if (jwt.getExpiresAt() != null && jwt.getExpiresAt().isBefore(until)) {
            until = jwt.getExpiresAt();
        }
        verified.put(token, new Verified(jwt, until));
        return jwt;
    }
}
