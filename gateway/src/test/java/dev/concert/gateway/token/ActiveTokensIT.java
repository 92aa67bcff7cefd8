package dev.concert.gateway.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.QueueAccessSettings;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.token.QueueTokenClaims;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the gateway believes of a token between two script calls, against the real Redis (database 1, a key prefix of
 * this run) with a clock the test moves: a token found ACTIVE is believed for the max age and not a moment longer; a
 * refusal is never remembered; leaving ends it at once.
 */
class ActiveTokensIT {

    private static final String RUN = UUID.randomUUID().toString();
    /** RoomKeys puts the room inside the braces: every key of this run starts with "{active-memo-RUN". */
    private static final String PREFIX = "{active-memo-" + RUN + "}:";
    private static final Duration MAX_AGE = Duration.ofSeconds(1);

    private static LettuceConnectionFactory connections;
    private static ReactiveStringRedisTemplate redis;

    private final AtomicLong ticks = new AtomicLong();
    private final UUID room = UUID.randomUUID();
    private final String active = RoomKeys.prefix(PREFIX, room) + "active";

    @BeforeAll
    static void connect() {
        RedisStandaloneConfiguration redisAt = new RedisStandaloneConfiguration(
                System.getenv().getOrDefault("REDIS_HOST", "127.0.0.1"),
                Integer.parseInt(System.getenv().getOrDefault("REDIS_PORT", "6379")));
        redisAt.setDatabase(1);
        connections = new LettuceConnectionFactory(redisAt);
        connections.afterPropertiesSet();
        redis = new ReactiveStringRedisTemplate(connections);
    }

    @AfterAll
    static void disconnect() {
        redis.scan(org.springframework.data.redis.core.ScanOptions.scanOptions().match("{active-memo-" + RUN + "*")
                        .build())
                .flatMap(redis::delete).blockLast();
        connections.destroy();
    }

    private ActiveTokens activeTokens(Duration maxAge) {
        GatewaySettings settings = new GatewaySettings(Map.of(), Duration.ofSeconds(20), maxAge, 1, null, true, null);
        return new ActiveTokens(redis, Clock.systemUTC(),
                new QueueAccessSettings(PREFIX, null, new QueueAccessSettings.Active(Duration.ofMinutes(10))),
                settings, ticks::get);
    }

    private QueueTokenClaims token() {
        return new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), room, 1, Instant.now(),
                Instant.now().plusSeconds(600));
    }

    private void admit(QueueTokenClaims token) {
        redis.opsForZSet().add(active, token.tokenId().toString(), System.currentTimeMillis()).block();
    }

    private void end(QueueTokenClaims token) {
        redis.opsForZSet().remove(active, token.tokenId().toString()).block();
    }

    private boolean check(ActiveTokens tokens, QueueTokenClaims token) {
        return Boolean.TRUE.equals(tokens.useIfActive(token).block());
    }

    private void later(Duration elapsed) {
        ticks.addAndGet(elapsed.toNanos());
    }

    @Test
    void a_token_found_active_is_believed_for_the_max_age_and_no_longer() {
        ActiveTokens tokens = activeTokens(MAX_AGE);
        QueueTokenClaims token = token();
        admit(token);
        assertThat(check(tokens, token)).isTrue();

        end(token); // its payment completed: queue-service removed it, this gateway did not see it
        later(Duration.ofMillis(999));
        assertThat(check(tokens, token)).as("within the max age: not asked again").isTrue();
        later(Duration.ofMillis(1));
        assertThat(check(tokens, token)).as("past it: asked, and refused").isFalse();
    }

    @Test
    void a_refusal_is_not_remembered() {
        ActiveTokens tokens = activeTokens(MAX_AGE);
        QueueTokenClaims token = token();
        assertThat(check(tokens, token)).isFalse();

        admit(token);
        assertThat(check(tokens, token)).as("admitted a moment later: passes at once").isTrue();
    }

    @Test
    void leaving_through_this_gateway_ends_it_at_once_and_a_late_reply_cannot_bring_it_back() {
        ActiveTokens tokens = activeTokens(MAX_AGE);
        QueueTokenClaims token = token();
        admit(token);
        // a check under way while the fan leaves: its script ran before the leave, its reply comes after it
        var underWay = tokens.useIfActive(token).cache();
        assertThat(check(tokens, token)).isTrue();

        tokens.forget(token.tokenId());
        end(token);
        admit(token); // the script of the check under way still finds it ACTIVE
        assertThat(underWay.block()).isTrue();
        end(token);

        assertThat(check(tokens, token)).as("asked again after the leave").isFalse();
    }

    @Test
    void a_max_age_of_zero_asks_redis_on_every_request() {
        ActiveTokens tokens = activeTokens(Duration.ZERO);
        QueueTokenClaims token = token();
        admit(token);
        assertThat(check(tokens, token)).isTrue();

        end(token);
        assertThat(check(tokens, token)).isFalse();
    }

    @Test
    void the_activity_score_is_still_refreshed_while_the_fan_keeps_sending() {
        ActiveTokens tokens = activeTokens(MAX_AGE);
        QueueTokenClaims token = token();
        long stale = System.currentTimeMillis() - 120_000;
        redis.opsForZSet().add(active, token.tokenId().toString(), stale).block();
        assertThat(check(tokens, token)).isTrue();
        double refreshed = redis.opsForZSet().score(active, token.tokenId().toString()).block();
        assertThat(refreshed).isGreaterThan(stale);

        redis.opsForZSet().add(active, token.tokenId().toString(), stale).block();
        assertThat(check(tokens, token)).isTrue();
        assertThat(redis.opsForZSet().score(active, token.tokenId().toString()).block())
                .as("within the max age: not asked, so not rewritten").isEqualTo((double) stale);
        later(MAX_AGE);
        assertThat(check(tokens, token)).isTrue();
        assertThat(redis.opsForZSet().score(active, token.tokenId().toString()).block()).isGreaterThan(stale);
    }
}
