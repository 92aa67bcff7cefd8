package dev.concert.queue.token;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;
import dev.concert.queue.room.RoomClosed;
import dev.concert.queue.room.RoomNotFound;
import dev.concert.queuestatus.QueueSnapshot;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/** Creates tokens in a room and lets users leave; each operation one atomic script on the room's keys. */
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

    /**
     * The user's live token in the room, or a new one with {@code newTokenId}: WAITING at the back of the queue, or
     * PRE_QUEUE before the room's opening, where {@code draw} decides its place at the opening.
     */
    public Issued issue(UUID room, UUID userId, UUID newTokenId, Instant now, Instant expiresAt, long draw) {
        String prefix = RoomKeys.prefix(this.prefix, room);
        List<String> reply = redis.execute(ISSUE, List.of(prefix + "user:" + userId), prefix, userId.toString(),
                newTokenId.toString(), Long.toString(now.toEpochMilli()), Long.toString(expiresAt.toEpochMilli()),
                Long.toString(draw));
        if ("NO_ROOM".equals(reply.get(0))) {
            throw new RoomNotFound(room);
        }
        if ("ROOM_CLOSED".equals(reply.get(0))) {
            throw new RoomClosed(room);
        }
        UUID tokenId = UUID.fromString(reply.get(1));
        return new Issued("CREATED".equals(reply.get(0)), reply.get(2) == null ? "" : reply.get(2),
                QueueSnapshot.fromScript(tokenId, reply, 3));
    }

    /** True if the token was live and is EXPIRED now; false if it was gone already or is not the user's. */
    public boolean leave(UUID room, UUID tokenId, UUID userId, Instant now) {
        String prefix = RoomKeys.prefix(this.prefix, room);
        Long left = redis.execute(LEAVE, List.of(prefix + "token:" + tokenId), prefix, tokenId.toString(),
                userId.toString(), Long.toString(now.toEpochMilli()), Long.toString(retentionMillis));
        return left != null && left == 1;
    }

    /** The token, and its room's status rules as published ("" when none are). */
    public record Issued(boolean created, String publishedRules, QueueSnapshot snapshot) {
    }
}
