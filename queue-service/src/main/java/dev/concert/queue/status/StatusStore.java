package dev.concert.queue.status;

import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.QueueSnapshot;
import dev.concert.queue.redis.QueueScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/** Reads one token's snapshot: a single script call, so one round trip per status answer. */
@Repository
public class StatusStore {

    private static final RedisScript<List<String>> STATUS = QueueScripts.list("status");

    private final StringRedisTemplate redis;
    private final String prefix;

    public StatusStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.prefix = settings.keyPrefix();
    }

    public QueueSnapshot snapshot(UUID tokenId) {
        List<String> reply = redis.execute(STATUS, List.of(prefix + "token:" + tokenId), prefix, tokenId.toString());
        return QueueSnapshot.fromScript(tokenId, reply, 0);
    }
}
