package dev.concert.queue.status;

import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.queuestatus.StatusScript;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Reads one token's snapshot and its room's published status rules: a single script call, so one round trip per
 * status answer (the gateway answers status polls with the same script).
 */
@Repository
public class StatusStore {

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final RedisScript<List<Object>> STATUS = (RedisScript) RedisScript.of(StatusScript.SOURCE,
            List.class);

    private final StringRedisTemplate redis;
    private final String prefix;

    public StatusStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.prefix = settings.keyPrefix();
    }

    public StatusScript.Reply read(UUID room, UUID tokenId) {
        String roomPrefix = RoomKeys.prefix(prefix, room);
        List<Object> reply = redis.execute(STATUS, StatusScript.keys(roomPrefix, tokenId),
                StatusScript.args(roomPrefix, tokenId).toArray());
        return StatusScript.parse(tokenId, reply);
    }
}
