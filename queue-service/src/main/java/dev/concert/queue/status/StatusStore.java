package dev.concert.queue.status;

import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.QueueSnapshot;
import dev.concert.queuestatus.StatusScript;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * Reads one token's snapshot (a single script call, so one round trip per status answer) and publishes the status
 * rules next to the queue for the gateway, which answers status polls with the same script.
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

    public QueueSnapshot snapshot(UUID tokenId) {
        List<Object> reply = redis.execute(STATUS, StatusScript.keys(prefix, tokenId),
                StatusScript.args(prefix, tokenId).toArray());
        return StatusScript.parse(tokenId, reply).snapshot();
    }

    /** Writes the rules unless they are already there as given: a read in the common case. */
    public boolean publish(String rules) {
        String key = prefix + StatusScript.RULES_KEY;
        if (rules.equals(redis.opsForValue().get(key))) {
            return false;
        }
        redis.opsForValue().set(key, rules);
        return true;
    }
}
