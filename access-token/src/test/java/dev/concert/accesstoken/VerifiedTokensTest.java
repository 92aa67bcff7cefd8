package dev.concert.accesstoken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class VerifiedTokensTest {

    private final Instant now = Instant.parse("2026-11-30T10:00:00Z");

    private Jwt jwt(Instant expires) {
        return new Jwt("t", now.minusSeconds(10), expires, Map.of("alg", "RS256"), Map.of("sub", "x"));
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void a_verified_token_is_believed_again_within_the_ttl_only() {
        Jwt jwt = jwt(now.plusSeconds(900));
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 10, at(now));
        tokens.remember("t", jwt);

        assertThat(tokens.get("t")).isSameAs(jwt);
        assertThat(tokens.get("t2")).as("only the byte-identical token").isNull();
    }

    @Test
    void nothing_is_believed_past_the_ttl_nor_past_the_tokens_own_expiry() {
        MovableClock clock = new MovableClock(now);
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 10, clock);
        tokens.remember("long", jwt(now.plusSeconds(900)));
        tokens.remember("short", jwt(now.plusSeconds(10)));

        clock.set(now.plusSeconds(11));
        assertThat(tokens.get("short")).as("expired").isNull();
        assertThat(tokens.get("long")).isNotNull();
        clock.set(now.plusSeconds(61));
        assertThat(tokens.get("long")).as("past the ttl: verified again").isNull();
    }

    @Test
    void a_zero_ttl_believes_nothing() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ZERO, 10, at(now));
        tokens.remember("t", jwt(now.plusSeconds(900)));

        assertThat(tokens.get("t")).isNull();
    }

    @Test
    void it_stays_bounded() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 100, at(now));
        for (int i = 0; i < 1_000; i++) {
            tokens.remember("t" + i, jwt(now.plusSeconds(900)));
        }

        int kept = 0;
        for (int i = 0; i < 1_000; i++) {
            kept += tokens.get("t" + i) == null ? 0 : 1;
        }
        assertThat(kept).isLessThanOrEqualTo(100);
    }

    @Test
    void fans_a_little_more_numerous_than_the_bound_still_mostly_hit() {
        // 1,050 fans polling in turn against room for 1,000: emptying the cache when full missed on every request
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(60), 1_000, at(now));
        Jwt jwt = jwt(now.plusSeconds(900));
        int hits = 0;
        int requests = 0;
        for (int round = 0; round < 20; round++) {
            for (int fan = 0; fan < 1_050; fan++) {
                String token = "fan-" + fan;
                if (tokens.get(token) != null) {
                    hits++;
                } else {
                    tokens.remember(token, jwt);
                }
                if (round > 0) {
                    requests++;
                }
            }
        }
        // the first round's requests are all misses and not counted above
        assertThat(hits).as("hits of %d requests after the first round", requests).isGreaterThan(requests * 8 / 10);
    }

    private static final class MovableClock extends Clock {
        private Instant instant;

        MovableClock(Instant instant) {
            this.instant = instant;
        }

        void set(Instant instant) {
            this.instant = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return instant;
        }
    }
}
