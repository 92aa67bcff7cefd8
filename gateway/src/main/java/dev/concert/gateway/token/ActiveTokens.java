package dev.concert.gateway.token;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.QueueAccessSettings;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Checks ACTIVE and records the activity in one non-blocking script call (EVALSHA). */
@Component
public class ActiveTokens {

    private static final RedisScript<Long> TOUCH =
            RedisScript.of(new ClassPathResource("redis/touch-active.lua"), Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final List<String> keys;
    private final String idleMillis;
    private final String refreshMillis;

    public ActiveTokens(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue,
                        GatewaySettings settings) {
        this.redis = redis;
        this.clock = clock;
        this.keys = List.of(queue.keyPrefix() + "active");
        this.idleMillis = Long.toString(queue.active().idleTimeout().toMillis());
        this.refreshMillis = Long.toString(settings.activityRefresh().toMillis());
    }

    public Mono<Boolean> useIfActive(UUID tokenId) {
        return redis.execute(TOUCH, keys, List.of(tokenId.toString(), Long.toString(clock.millis()), idleMillis,
                refreshMillis)).next().map(reply -> reply == 1L).defaultIfEmpty(false);
    }
}
