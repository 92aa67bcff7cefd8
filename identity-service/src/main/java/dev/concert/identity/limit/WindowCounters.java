package dev.concert.identity.limit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.MeterRegistry;

import dev.concert.identity.IdentitySettings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Fixed-window counters in Redis: a key counts events from its first one until it expires {@code window} later.
 * Every operation is one Lua script, so each is one round trip and atomic across instances.
 *
 * <p>Redis unreachable: the limiters fail open (the request goes on, as if nothing had been counted), log and count
 * {@code identity.limits.unavailable}. Failing closed would turn an outage of Redis alone into an outage of every
 * sign-in; the password check still protects every account, and bcrypt keeps guessing slow.
 */
@Component
public class WindowCounters {

    private static final Logger log = LoggerFactory.getLogger(WindowCounters.class);

    /** KEYS[1]: counter; ARGV[1]: window (ms). Returns {count, ms left}. */
    private static final RedisScript<List> TAKE = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
            return {n, redis.call('PTTL', KEYS[1])}
            """, List.class);

    /** KEYS: counters; ARGV[i]: the limit of KEYS[i]. Returns the longest wait (ms) of those at their limit, or -1. */
    private static final RedisScript<Long> LONGEST_WAIT = RedisScript.of("""
            local wait = -1
            for i, key in ipairs(KEYS) do
              local n = tonumber(redis.call('GET', key) or '0')
              if n >= tonumber(ARGV[i]) then
                local ttl = redis.call('PTTL', key)
                if ttl > wait then wait = ttl end
              end
            end
            return wait
            """, Long.class);

    /** KEYS: counters; ARGV[1]: window (ms). Counts one event on each. */
    private static final RedisScript<Long> COUNT_ALL = RedisScript.of("""
            for _, key in ipairs(KEYS) do
              if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
            end
            return #KEYS
            """, Long.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final MeterRegistry meters;
    private final AtomicLong lastWarning = new AtomicLong();

    public WindowCounters(StringRedisTemplate redis, IdentitySettings settings, MeterRegistry meters) {
        this.redis = redis;
        this.prefix = settings.redis().keyPrefix();
        this.meters = meters;
    }

    /** A counter and its limit; the key is relative to the configured prefix. */
    public record Limit(String key, int max) {
    }

    /**
     * Counts one event on {@code limit} and tells how long to wait if that one is over the limit. Empty when it is
     * allowed (or Redis is unreachable).
     */
    public Optional<Duration> take(String what, Limit limit, Duration window) {
        try {
            List<?> result = redis.execute(TAKE, List.of(prefix + limit.key()), Long.toString(window.toMillis()));
            long count = ((Number) result.get(0)).longValue();
            long ttl = ((Number) result.get(1)).longValue();
            return count > limit.max() ? Optional.of(Duration.ofMillis(Math.max(ttl, 1))) : Optional.empty();
        } catch (DataAccessException e) {
            unavailable(what, e);
            return Optional.empty();
        }
    }

    /** How long until none of {@code limits} is reached any more; empty when none is (or Redis is unreachable). */
    public Optional<Duration> reached(String what, List<Limit> limits) {
        List<String> keys = new ArrayList<>();
        List<String> maxima = new ArrayList<>();
        for (Limit limit : limits) {
            keys.add(prefix + limit.key());
            maxima.add(Integer.toString(limit.max()));
        }
        try {
            Long wait = redis.execute(LONGEST_WAIT, keys, maxima.toArray());
            return wait == null || wait < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(wait, 1)));
        } catch (DataAccessException e) {
            unavailable(what, e);
            return Optional.empty();
        }
    }

    /** Counts one event on every key (e.g. a failed sign-in on its account and on its address). */
    public void count(String what, List<String> keys, Duration window) {
        try {
            redis.execute(COUNT_ALL, keys.stream().map(key -> prefix + key).toList(), Long.toString(window.toMillis()));
        } catch (DataAccessException e) {
            unavailable(what, e);
        }
    }

    private void unavailable(String what, DataAccessException e) {
        meters.counter("identity.limits.unavailable", "limit", what).increment();
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        // one line per 10 s is enough to see an outage; one per request would drown the log
        if (now - last > 10_000 && lastWarning.compareAndSet(last, now)) {
            log.warn("Redis unreachable, {} not enforced (failing open): {}", what, e.getMessage());
        }
    }
}
