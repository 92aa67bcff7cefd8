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
 * <p>A token this gateway found ACTIVE is believed for {@code activeCheckMaxAge} (1 s) without asking Redis again,
 * counted from when the script was sent: a fan's page sends its requests in bursts, and the script's round trip (a hop
 * to the Redis client's thread and back) was ~90 µs of the ACTIVE route's 630 (docs/benchmarks.md, 2026-12-02 second
 * session). What that costs: a token that stopped being ACTIVE elsewhere (its payment completed, the expiry job, an
 * operator) still passes this instance for at most that age, also while Redis is away. Leaving through this instance
 * ({@link #forget}) ends it at once: a check sent before the leave cannot bring it back, however late its reply. The
 * activity score is still refreshed: the script runs at least once per max age while the fan keeps sending, far more
 * often than the refresh interval (20 s).
 */
@Component
public class ActiveTokens {

    private static final RedisScript<Long> TOUCH = LoadedScript.fromClasspath("redis/touch-active.lua", Long.class);
    private static final Mono<Boolean> ACTIVE = Mono.just(true);
    /** Past this many tokens the ones used least are dropped: a few more script calls, never unbounded memory. */
    private static final int MAX_REMEMBERED = 100_000;

    /** What this instance learnt of a token, and when (ticker nanos): found ACTIVE by a check sent then, or left. */
    private record Known(boolean active, long at) {
    }

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final Ticker ticker;
    private final String queuePrefix;
    private final String idleMillis;
    private final String refreshMillis;
    private final long maxAgeNanos;
    /** Null when the max age is 0: every request asks Redis. */
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
        this.ticker = ticker;
        this.queuePrefix = queue.keyPrefix();
        this.idleMillis = Long.toString(queue.active().idleTimeout().toMillis());
        this.refreshMillis = Long.toString(settings.activityRefresh().toMillis());
        this.maxAgeNanos = settings.activeCheckMaxAge().toNanos();
        // entries are dropped a little after the max age (the age itself is checked here, from the check's start); a
        // tombstone then has nothing left to guard: a late reply's check started before it, so is older still
        this.known = maxAgeNanos == 0 ? null : Caffeine.newBuilder().maximumSize(MAX_REMEMBERED)
                .expireAfterWrite(settings.activeCheckMaxAge().multipliedBy(2)).ticker(ticker)
                .executor(Runnable::run).build();
    }

    public Mono<Boolean> useIfActive(QueueTokenClaims token) {
        long checkedAt = ticker.read();
        if (known != null) {
            Known found = known.getIfPresent(token.tokenId());
            if (found != null && found.active() && checkedAt - found.at() < maxAgeNanos) {
                return ACTIVE;
            }
        }
        List<String> keys = List.of(RoomKeys.prefix(queuePrefix, token.room()) + "active");
        return redis.execute(TOUCH, keys, List.of(token.tokenId().toString(), Long.toString(clock.millis()),
                idleMillis, refreshMillis)).next().map(reply -> remember(token.tokenId(), checkedAt, reply == 1L))
                .defaultIfEmpty(false);
    }

    /** The token left through this gateway: what a check sent before now found no longer counts. */
    public void forget(UUID tokenId) {
        if (known != null) {
            known.put(tokenId, new Known(false, ticker.read()));
        }
    }

    private boolean remember(UUID tokenId, long checkedAt, boolean active) {
        if (known == null) {
            return active;
        }
        if (active) {
            known.asMap().compute(tokenId, (id, was) ->
                    was != null && !was.active() && was.at() >= checkedAt ? was : new Known(true, checkedAt));
        } else {
            known.asMap().computeIfPresent(tokenId, (id, was) -> was.active() ? null : was);
        }
        return active;
    }
}
