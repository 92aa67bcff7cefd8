package dev.concert.queue.admission;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * One admission round in one room: a single Lua script on the room's keys (its opening if due, then admission by
 * the room's capacity and rate), so rounds of several instances never interleave.
 */
@Repository
public class AdmissionStore {

    private static final RedisScript<List<String>> ADMIT = QueueScripts.list("admit");

    private final StringRedisTemplate redis;
    private final QueueSettings settings;

    public AdmissionStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    public AdmissionRound admit(UUID room, Instant now) {
        String prefix = RoomKeys.prefix(settings.keyPrefix(), room);
        List<String> reply = redis.execute(ADMIT, List.of(prefix + "waiting", prefix + "active"), prefix,
                Long.toString(now.toEpochMilli()), Long.toString(settings.admission().rateWindow().toMillis()),
                Long.toString(settings.active().unclaimedHeadStart().toMillis()));
        if (reply == null || reply.isEmpty()) {
            return new AdmissionRound(room, List.of(), 0, 0, 0);
        }
        List<UUID> admitted = reply.subList(3, reply.size()).stream().map(UUID::fromString).toList();
        return new AdmissionRound(room, admitted, Long.parseLong(reply.get(0)), Long.parseLong(reply.get(1)),
                Long.parseLong(reply.get(2)));
    }

    /** The tokens admitted in this round, in queue order, and the room's sizes right after it. */
    public record AdmissionRound(UUID room, List<UUID> admitted, long waiting, long active, long preQueue) {
    }
}
