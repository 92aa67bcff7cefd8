package dev.concert.gateway.token;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.LoadedScript;
import dev.concert.gateway.QueueAccessSettings;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.token.QueueTokenClaims;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Checks ACTIVE in the token's room and records the activity in one non-blocking script call (EVALSHA).
 *
 * <p>A token this gateway found ACTIVE is believed for {@code activeCheckMaxAge} (1 s) without asking Redis again: a
 * fan's page sends several requests at once, and the round trip (a hop to the Redis client's thread and back) was the
 * larger part of the ACTIVE check's cost (docs/benchmarks.md). What that costs: a token that stopped being ACTIVE
 * elsewhere (its payment completed, the expiry job, an operator) still passes this instance for at most that age.
 * Leaving through this gateway ({@link #forget}) ends it at once. The activity score is still refreshed: the script
 * runs at least once per max age while the fan keeps sending, far more often than the refresh interval (20 s).
 */
@Component
public class ActiveTokens {

    private static final RedisScript<Long> TOUCH = LoadedScript.fromClasspath("redis/touch-active.lua", Long.class);
    private static final Mono<Boolean> ACTIVE = Mono.just(true);
    /** Past this many tokens the memo starts again empty: a few more script calls, never unbounded memory. */
    static final int MAX_REMEMBERED = 100_000;

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final String queuePrefix;
    private final String idleMillis;
    private final String refreshMillis;
    private final long maxAgeMillis;
    /** token id → when this instance last found it ACTIVE (epoch ms). */
    private final ConcurrentHashMap<UUID, Long> foundActive = new ConcurrentHashMap<>();

    public ActiveTokens(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue,
                        GatewaySettings settings) {
        this.redis = redis;
        this.clock = clock;
        this.queuePrefix = queue.keyPrefix();
        this.idleMillis = Long.toString(queue.active().idleTimeout().toMillis());
        this.refreshMillis = Long.toString(settings.activityRefresh().toMillis());
        this.maxAgeMillis = settings.activeCheckMaxAge().toMillis();
    }

    public Mono<Boolean> useIfActive(QueueTokenClaims token) {
        long now = clock.millis();
        Long found = foundActive.get(token.tokenId());
        // a clock set back (found > now) asks Redis rather than believing an entry for longer
        if (found != null && now >= found && now - found < maxAgeMillis) {
            return ACTIVE;
        }
        List<String> keys = List.of(RoomKeys.prefix(queuePrefix, token.room()) + "active");
        return redis.execute(TOUCH, keys, List.of(token.tokenId().toString(), Long.toString(now),
                idleMillis, refreshMillis)).next().map(reply -> remember(token.tokenId(), now, reply == 1L))
                .defaultIfEmpty(false);
    }

    /** The token left through this gateway: its next request asks Redis, which no longer has it. */
    public void forget(UUID tokenId) {
        foundActive.remove(tokenId);
    }

    private boolean remember(UUID tokenId, long checkedAt, boolean active) {
        if (!active) {
            foundActive.remove(tokenId);
        } else if (maxAgeMillis > 0) {
            if (foundActive.size() >= MAX_REMEMBERED) {
                foundActive.clear();
            }
            foundActive.put(tokenId, checkedAt);
        }
        return active;
    }
}
