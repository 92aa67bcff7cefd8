package dev.concert.gateway.status;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import dev.concert.gateway.LoadedScript;
import dev.concert.gateway.QueueAccessSettings;
import dev.concert.queuestatus.QueueStatus;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.queuestatus.StatusPolicy;
import dev.concert.queuestatus.StatusScript;
import dev.concert.token.QueueTokenClaims;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * A caller's queue status read at the edge: queue-status's script (the token's snapshot and queue-service's
 * published rules in one non-blocking round trip) and queue-status's policy, the same code queue-service answers
 * with. Empty when queue-service has not published rules this gateway can read: the poll is then forwarded.
 */
@Component
public class EdgeStatusReader {

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Object>> STATUS = (RedisScript) LoadedScript.of(StatusScript.SOURCE,
            List.class);

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final String prefix;
    private final StatusScript.PublishedRules rules = new StatusScript.PublishedRules();

    public EdgeStatusReader(ReactiveStringRedisTemplate redis, Clock clock, QueueAccessSettings queue) {
        this.redis = redis;
        this.clock = clock;
        this.prefix = queue.keyPrefix();
    }

    public Mono<Optional<QueueStatus>> statusOf(QueueTokenClaims caller) {
        String room = RoomKeys.prefix(prefix, caller.room());
        return redis.execute(STATUS, StatusScript.keys(room, caller.tokenId()),
                        StatusScript.args(room, caller.tokenId()))
                .next()
                .map(reply -> {
                    StatusScript.Reply read = StatusScript.parse(caller.tokenId(), reply);
                    return rules.of(read.publishedRules()).map(published ->
                            StatusPolicy.statusOf(read.snapshot(), caller.userId(), published, clock.instant()));
                });
    }
}
