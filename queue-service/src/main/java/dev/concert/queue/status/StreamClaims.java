package dev.concert.queue.status;

import java.time.Duration;
import java.util.UUID;

import dev.concert.queue.QueueSettings;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Repository;

/**
 * Which status stream of a queue token is the live one, across every queue-service instance: the newest one opened
 * ({@code P stream:<tokenId>} = its id, for as long as a stream may last). An older stream sees that it lost the
 * claim at its next read and ends, so one token never holds more than one stream for long.
 */
@Repository
public class StreamClaims {

    private final StringRedisTemplate redis;
    private final String prefix;
    private final Duration lifetime;

    public StreamClaims(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.prefix = settings.keyPrefix();
        this.lifetime = settings.stream().maxDuration().plusMinutes(1);
    }

    /** The stream {@code streamId} is now the token's live one. */
    public void claim(UUID tokenId, UUID streamId) {
        redis.opsForValue().set(key(tokenId), streamId.toString(), lifetime);
    }

    /** True unless a newer stream of the token has claimed it since. */
    public boolean holds(UUID tokenId, UUID streamId) {
        String live = redis.opsForValue().get(key(tokenId));
        return live == null || live.equals(streamId.toString());
    }

    /** The stream is over: its claim goes with it, unless a newer stream has it already. */
    public void release(UUID tokenId, UUID streamId) {
        if (streamId.toString().equals(redis.opsForValue().get(key(tokenId)))) {
            redis.delete(key(tokenId));
        }
    }

    private String key(UUID tokenId) {
        return prefix + "stream:" + tokenId;
    }
}
