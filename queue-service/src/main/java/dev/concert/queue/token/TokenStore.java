package dev.concert.queue.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;
import dev.concert.queuestatus.QueueSnapshot;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/** Creates tokens and lets users leave; each operation one atomic script. */
@Repository
public class TokenStore {

    private static final RedisScript<List<String>> ISSUE = QueueScripts.list("issue");
    private static final RedisScript<Long> LEAVE = QueueScripts.number("leave");

    private final StringRedisTemplate redis;
    private final String prefix;
    private final long retentionMillis;

    public TokenStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.prefix = settings.keyPrefix();
        this.retentionMillis = settings.token().expiredRetention().toMillis();
    }

    /** The user's live token, or a new WAITING one with {@code newTokenId} at the back of the queue. */
    public Issued issue(UUID userId, UUID newTokenId, Instant now, Instant expiresAt) {
        List<String> reply = redis.execute(ISSUE, List.of(prefix + "user:" + userId), prefix, userId.toString(),
                newTokenId.toString(), Long.toString(now.toEpochMilli()), Long.toString(expiresAt.toEpochMilli()));
        UUID tokenId = UUID.fromString(reply.get(1));
        return new Issued("CREATED".equals(reply.get(0)), QueueSnapshot.fromScript(tokenId, reply, 2));
    }

    /** True if the token was live and is EXPIRED now; false if it was gone already or is not the user's. */
    public boolean leave(UUID tokenId, UUID userId, Instant now) {
        Long left = redis.execute(LEAVE, List.of(prefix + "token:" + tokenId), prefix, tokenId.toString(),
                userId.toString(), Long.toString(now.toEpochMilli()), Long.toString(retentionMillis));
        return left != null && left == 1;
    }

    public record Issued(boolean created, QueueSnapshot snapshot) {
    }
}
