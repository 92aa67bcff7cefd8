package dev.concert.accesstoken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Access tokens this instance verified lately. A fan sends the same token with every poll and every click; checking
 * its signature and claims each time costs several hundred microseconds of CPU per request (measured,
 * docs/benchmarks.md), so a token verified once is believed again for a short while: never past its own expiry, and
 * at most {@code ttl} after it was verified, so that a retired key still stops verifying within that bound. The key is
 * the exact token text: only a byte-identical token hits. Bounded: when full, it starts over.
 */
final class VerifiedTokens {

    private record Verified(Jwt jwt, Instant until) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int capacity;
    private final Clock clock;

    VerifiedTokens(Duration ttl, int capacity, Clock clock) {
        this.ttl = ttl;
        this.capacity = capacity;
        this.clock = clock;
    }

    /** The verified token, if it was verified within the ttl and has not expired since. */
    Jwt get(String token) {
        if (ttl.isZero()) {
            return null;
        }
        Verified hit = verified.get(token);
        if (hit == null) {
            return null;
        }
        if (!clock.instant().isBefore(hit.until())) {
            verified.remove(token, hit);
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
        if (verified.size() >= capacity) {
            verified.clear();
        }
        verified.put(token, new Verified(jwt, until));
        return jwt;
    }
}
