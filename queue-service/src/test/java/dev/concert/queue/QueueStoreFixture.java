package dev.concert.queue;

import java.nio.charset.StandardCharsets;

import org.springframework.data.redis.connection.RedisZSetCommands;
import org.springframework.data.redis.core.RedisCallback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.admission.AdmissionStore;
import dev.concert.queue.expiry.ExpiryStore;
import dev.concert.queue.token.TokenStore;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Stands in for one queue-service instance: its own Redis connection and the queue scripts over a key prefix of
 * its own, with a small capacity and batch, so that tests can run several "instances" side by side.
 */
public final class QueueStoreFixture implements AutoCloseable {

    private final LettuceConnectionFactory connections;
    public final StringRedisTemplate redis;
    public final QueueSettings settings;
    public final TokenStore tokens;
    public final AdmissionStore admission;
    public final ExpiryStore expiry;

    public QueueStoreFixture(RedisStandaloneConfiguration server, String prefix, int capacity, int batch) {
        connections = new LettuceConnectionFactory(server);
        connections.afterPropertiesSet();
        connections.start();
        redis = new StringRedisTemplate(connections);
        settings = new QueueSettings(prefix,
                new QueueSettings.TokenSettings("k", List.of(), Duration.ofHours(6), Duration.ofMinutes(30)),
                new QueueSettings.ActiveSettings(capacity, Duration.ofMinutes(10), Duration.ofSeconds(60)),
                new QueueSettings.AdmissionSettings(Duration.ofSeconds(1), batch, Duration.ofSeconds(60)),
                new QueueSettings.ExpirySettings(Duration.ofSeconds(5), 500),
                new QueueSettings.PollingSettings(1, 30, 20, 1000, 10, 15, 60),
                new QueueSettings.StreamSettings(Duration.ofMinutes(10), 100, Duration.ofSeconds(15)));
        tokens = new TokenStore(redis, settings);
        admission = new AdmissionStore(redis, settings);
        expiry = new ExpiryStore(redis, settings);
    }

    public static String freshPrefix() {
        return "{qtest-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
    }

    /** Issues tokens for {@code n} new users, in order; returns their token ids in queue order. */
    public List<UUID> issue(int n, Instant now) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(tokens.issue(UUID.randomUUID(), UUID.randomUUID(), now, now.plus(Duration.ofHours(6)))
                    .snapshot().tokenId());
        }
        return ids;
    }

    /**
     * A request on an ACTIVE route at {@code at}, as the gateway records it (its touch-active.lua: the activity score
     * moves forward, never back, and only for a token in the ACTIVE set).
     */
    public void claim(UUID tokenId, Instant at) {
        claim(redis, settings, tokenId, at);
    }

    public static void claim(StringRedisTemplate redis, QueueSettings settings, UUID tokenId, Instant at) {
        redis.execute((RedisCallback<Object>) connection -> connection.zSetCommands().zAdd(
                (settings.keyPrefix() + "active").getBytes(StandardCharsets.UTF_8), at.toEpochMilli(),
                tokenId.toString().getBytes(StandardCharsets.UTF_8),
                RedisZSetCommands.ZAddArgs.ifExists().gt()));
    }

    public long activeCount() {
        Long n = redis.opsForZSet().zCard(settings.keyPrefix() + "active");
        return n == null ? 0 : n;
    }

    public String stateOf(UUID tokenId) {
        Object state = redis.opsForHash().get(settings.keyPrefix() + "token:" + tokenId, "state");
        return state == null ? null : state.toString();
    }

    @Override
    public void close() {
        try (var keys = redis.scan(ScanOptions.scanOptions().match(settings.keyPrefix() + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
        connections.destroy();
    }
}
