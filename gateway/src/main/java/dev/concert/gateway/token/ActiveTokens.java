package dev.concert.gateway.token;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.LoadedScript;
import dev.concert.gateway.QueueAccessSettings;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.token.QueueTokenClaims;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Checks ACTIVE in the token's room and records the activity in one non-blocking script call (EVALSHA).
 *
 * <p>A token this gateway found ACTIVE is believed for {@code activeCheckMaxAge} (1 s) without asking Redis again: a
 * fan's page sends its requests in bursts, and the script's round trip (a hop to the Redis client's thread and back)
 * cost the ACTIVE route about a sixth of its CPU (docs/benchmarks.md, 2026-12-02 afternoon). What that costs: a token
 * that stopped being ACTIVE elsewhere (its payment completed, the expiry job, an operator) still passes this instance
 * for at most that age, also while Redis is away. Leaving through this instance ({@link #forget}) ends it at once. The
 * activity score is still refreshed: the script runs at least once per max age while the fan keeps sending, far more
 * often than the refresh interval (20 s, checked at start-up: GatewaySettings).
 */
@Component
public class ActiveTokens {

    private static final RedisScript<Long> TOUCH = LoadedScript.fromClasspath("redis/touch-active.lua", Long.class);
    private static final Mono<Boolean> ACTIVE = Mono.just(true);
    /** Past this many tokens the ones used least are dropped: a few more script calls, never unbounded memory. */
    private static final int MAX_REMEMBERED = 100_000;

    /** What this instance knows of a token for up to the max age. */
    private enum Known { ACTIVE, LEFT }

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final String queuePrefix;
    private final String idleMillis;
    private final String refreshMillis;
    /** Empty when the max age is 0: every request asks Redis. */
    private final Cache<UUID, Known> known;

    @Autowired
    public ActiveTokens(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue,
                        GatewaySettings settings) {
        this(redis, clock, queue, settings, Ticker.systemTicker());
    }

    ActiveTokens(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue, GatewaySettings settings,
                 Ticker ticker) {
        this.redis = redis;
        this.clock = clock;
        this.queuePrefix = queue.keyPrefix();
        this.idleMillis = Long.toString(queue.active().idleTimeout().toMillis());
        this.refreshMillis = Long.toString(settings.activityRefresh().toMillis());
        this.known = Caffeine.newBuilder().maximumSize(settings.activeCheckMaxAge().isZero() ? 0 : MAX_REMEMBERED)
                .expireAfterWrite(settings.activeCheckMaxAge()).ticker(ticker).executor(Runnable::run).build();
    }

    public Mono<Boolean> useIfActive(QueueTokenClaims token) {
        if (known.getIfPresent(token.tokenId()) == Known.ACTIVE) {
            return ACTIVE;
        }
        List<String> keys = List.of(RoomKeys.prefix(queuePrefix, token.room()) + "active");
        return redis.execute(TOUCH, keys, List.of(token.tokenId().toString(), Long.toString(clock.millis()),
                idleMillis, refreshMillis)).next().map(reply -> remember(token.tokenId(), reply == 1L))
                .defaultIfEmpty(false);
    }

    /**
     * The token left through this gateway: its next request asks Redis, which no longer has it. Kept as LEFT for the
     * max age, so that the reply of a check that was under way while it left cannot bring it back.
     */
    public void forget(UUID tokenId) {
        known.put(tokenId, Known.LEFT);
    }

    private boolean remember(UUID tokenId, boolean active) {
        if (!active) {
            known.invalidate(tokenId);
        } else {
            known.asMap().compute(tokenId, (id, was) -> was == Known.LEFT ? Known.LEFT : Known.ACTIVE);
        }
        return active;
    }
}
