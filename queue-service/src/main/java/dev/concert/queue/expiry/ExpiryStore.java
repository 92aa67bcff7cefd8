package dev.concert.queue.expiry;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

@Repository
public class ExpiryStore {

    private static final RedisScript<List<String>> EXPIRE_IDLE = QueueScripts.list("expire-idle");
    private static final RedisScript<Long> EXPIRE_BOOKED = QueueScripts.number("expire-booked");

    private final StringRedisTemplate redis;
    private final QueueSettings settings;

    public ExpiryStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    /**
     * Expires up to the batch size of tokens idle since before {@code now - idle timeout}: NOT_CLAIMED if no request
     * ever claimed the place, else IDLE.
     */
    public ExpiredIdle expireIdle(UUID room, Instant now) {
        String prefix = RoomKeys.prefix(settings.keyPrefix(), room);
        List<String> n = redis.execute(EXPIRE_IDLE, List.of(prefix + "active"), prefix,
                Long.toString(now.toEpochMilli()), Long.toString(settings.active().idleTimeout().toMillis()),
                Integer.toString(settings.expiry().batchSize()), retention());
        return n == null || n.size() < 2 ? new ExpiredIdle(0, 0)
                : new ExpiredIdle(Long.parseLong(n.get(0)), Long.parseLong(n.get(1)));
    }

    /** How many tokens one run expired, by reason. */
    public record ExpiredIdle(long idle, long notClaimed) {
        public long total() {
            return idle + notClaimed;
        }
    }

    /**
     * Expires the user's live token in the room if it was issued before {@code bookedAt}; true if this call expired it. A booking
     * that leaves no hold open (and what every booking announced before open holds were counted).
     */
    public boolean expireBooked(UUID room, UUID userId, Instant bookedAt, Instant now) {
        return holdEnded(room, userId, bookedAt, true, 0, 0, now);
    }

    /**
     * One of the user's holds ended at {@code endedAt}, {@code booked} or not, leaving {@code openHolds} open as of
     * {@code version}: the user's live token issued before then expires (BOOKED) once it has booked and the count of
     * the highest version heard is 0; otherwise it remembers both. The room is the hold's schedule. True if this call expired it. One script, so
     * concurrent events of one user cannot interleave.
     */
    public boolean holdEnded(UUID room, UUID userId, Instant endedAt, boolean booked, int openHolds, long version,
                             Instant now) {
        String prefix = RoomKeys.prefix(settings.keyPrefix(), room);
        Long n = redis.execute(EXPIRE_BOOKED, List.of(prefix + "user:" + userId), prefix, userId.toString(),
                Long.toString(endedAt.toEpochMilli()), Long.toString(now.toEpochMilli()), retention(),
                booked ? "1" : "0", Integer.toString(openHolds), Long.toString(version));
        return n != null && n == 1;
    }

    private String retention() {
        return Long.toString(settings.token().expiredRetention().toMillis());
    }
}
