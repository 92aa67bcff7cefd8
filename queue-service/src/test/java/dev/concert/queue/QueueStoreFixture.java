package dev.concert.queue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.admission.AdmissionStore;
import dev.concert.queue.admission.AdmissionStore.AdmissionRound;
import dev.concert.queue.expiry.ExpiryStore;
import dev.concert.queue.room.Room;
import dev.concert.queue.room.RoomStore;
import dev.concert.queue.token.TokenStore;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.RedisZSetCommands;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Stands in for one queue-service instance: its own Redis connection and the queue scripts over a key prefix of
 * its own, with one waiting room ({@link #room}) of a small capacity and batch, so that tests can run several
 * "instances" side by side ({@link #anotherInstance()}: same prefix, same room).
 */
public final class QueueStoreFixture implements AutoCloseable {

    /** An opening long past: a room that opens at the first join or admission round. */
    public static final Instant LONG_AGO = Instant.parse("2020-01-01T00:00:00Z");

    private static final SecureRandom DRAWS = new SecureRandom();

    private final LettuceConnectionFactory connections;
    private final RedisStandaloneConfiguration server;
    public final StringRedisTemplate redis;
    public final QueueSettings settings;
    public final UUID room;
    public final Instant opensAt;
    public final RoomStore rooms;
    public final TokenStore tokens;
    public final AdmissionStore admission;
    public final ExpiryStore expiry;

    /** A new room of its own, opening long ago. */
    public QueueStoreFixture(RedisStandaloneConfiguration server, String prefix, int capacity, int batch) {
        this(server, prefix, UUID.randomUUID(), LONG_AGO, capacity, batch);
    }

    /**
     * {@code room} over {@code prefix}, created with these settings unless it exists (batch admissions a second);
     * an instance of a room that exists joins it as it is.
     */
    public QueueStoreFixture(RedisStandaloneConfiguration server, String prefix, UUID room, Instant opensAt,
                             int capacity, int batch) {
        this.server = server;
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
        this.room = room;
        this.opensAt = opensAt;
        rooms = new RoomStore(redis, settings);
        rooms.createIfAbsent(Room.forSale(room, opensAt, settings));
        tokens = new TokenStore(redis, settings);
        admission = new AdmissionStore(redis, settings);
        expiry = new ExpiryStore(redis, settings);
    }

    /** One more "instance" on its own connection: the same prefix and room. */
    public QueueStoreFixture anotherInstance() {
        return new QueueStoreFixture(server, settings.keyPrefix(), room, opensAt, settings.active().capacity(),
                settings.admission().batchSize());
    }

    /** Another room over the same prefix, on its own connection. */
    public QueueStoreFixture anotherRoom(Instant opening, int capacity, int batch) {
        return new QueueStoreFixture(server, settings.keyPrefix(), UUID.randomUUID(), opening, capacity, batch);
    }

    public static String freshPrefix() {
        return "{qtest-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
    }

    /** The prefix of this room's keys. */
    public String roomPrefix() {
        return RoomKeys.prefix(settings.keyPrefix(), room);
    }

    /** One of this room's keys: {@code key("waiting")}, {@code key("token:" + id)}. */
    public String key(String name) {
        return roomPrefix() + name;
    }

    /** Issues tokens for {@code n} new users, in order; returns their token ids in queue order. */
    public List<UUID> issue(int n, Instant now) {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(join(UUID.randomUUID(), now).snapshot().tokenId());
        }
        return ids;
    }

    /** The user joins this room at {@code now}, with a fresh random draw (as TokenIssuer does). */
    public TokenStore.Issued join(UUID user, Instant now) {
        return tokens.issue(room, user, UUID.randomUUID(), now, now.plus(Duration.ofHours(6)),
                DRAWS.nextLong(1L << 53));
    }

    public AdmissionRound admit(Instant now) {
        return admission.admit(room, now);
    }

    public ExpiryStore.ExpiredIdle expireIdle(Instant now) {
        return expiry.expireIdle(room, now);
    }

    public boolean leave(UUID tokenId, UUID userId, Instant now) {
        return tokens.leave(room, tokenId, userId, now);
    }

    /**
     * A request on an ACTIVE route at {@code at}, as the gateway records it (its touch-active.lua: the activity score
     * moves forward, never back, and only for a token in the ACTIVE set).
     */
    public void claim(UUID tokenId, Instant at) {
        claim(redis, roomPrefix(), tokenId, at);
    }

    public static void claim(StringRedisTemplate redis, String roomPrefix, UUID tokenId, Instant at) {
        redis.execute((RedisCallback<Object>) connection -> connection.zSetCommands().zAdd(
                (roomPrefix + "active").getBytes(StandardCharsets.UTF_8), at.toEpochMilli(),
                tokenId.toString().getBytes(StandardCharsets.UTF_8),
                RedisZSetCommands.ZAddArgs.ifExists().gt()));
    }

    public long activeCount() {
        Long n = redis.opsForZSet().zCard(key("active"));
        return n == null ? 0 : n;
    }

    public String stateOf(UUID tokenId) {
        Object state = redis.opsForHash().get(key("token:" + tokenId), "state");
        return state == null ? null : state.toString();
    }

    /** Every key under the prefix: the registry and every room's keys ({@code {name}:*} and {@code {name:room:*}). */
    public static void deleteAll(StringRedisTemplate redis, String prefix) {
        String tag = prefix.endsWith("}:") ? prefix.substring(0, prefix.length() - 2) : prefix;
        try (var keys = redis.scan(ScanOptions.scanOptions().match(tag + "*").count(1000).build())) {
            keys.forEachRemaining(redis::delete);
        }
    }

    @Override
    public void close() {
        deleteAll(redis, settings.keyPrefix());
        connections.destroy();
    }
}
