package dev.concert.gateway.token;

import java.time.Clock;
import java.util.List;

import dev.concert.gateway.GatewaySettings;
import dev.concert.gateway.LoadedScript;
import dev.concert.gateway.QueueAccessSettings;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.token.QueueTokenClaims;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Checks ACTIVE in the token's room and records the activity in one non-blocking script call (EVALSHA). */
@Component
public class ActiveTokens {

    private static final RedisScript<Long> TOUCH = LoadedScript.fromClasspath("redis/touch-active.lua", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final String queuePrefix;
    private final String idleMillis;
    private final String refreshMillis;

    public ActiveTokens(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue,
                        GatewaySettings settings) {
        this.redis = redis;
        this.clock = clock;
        this.queuePrefix = queue.keyPrefix();
        this.idleMillis = Long.toString(queue.active().idleTimeout().toMillis());
        this.refreshMillis = Long.toString(settings.activityRefresh().toMillis());
    }

    public Mono<Boolean> useIfActive(QueueTokenClaims token) {
        List<String> keys = List.of(RoomKeys.prefix(queuePrefix, token.room()) + "active");
        return redis.execute(TOUCH, keys, List.of(token.tokenId().toString(), Long.toString(clock.millis()),
                idleMillis, refreshMillis)).next().map(reply -> reply == 1L).defaultIfEmpty(false);
    }
}
