package dev.concert.queue.admission;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/** One admission round: a single Lua script, so rounds of several instances never interleave. */
@Repository
public class AdmissionStore {

    private static final RedisScript<List<String>> ADMIT = QueueScripts.list("admit");

    private final StringRedisTemplate redis;
    private final QueueSettings settings;

    public AdmissionStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.settings = settings;
    }

    public AdmissionRound admit(Instant now) {
        String prefix = settings.keyPrefix();
        List<String> reply = redis.execute(ADMIT, List.of(prefix + "waiting", prefix + "active"), prefix,
                Long.toString(now.toEpochMilli()), Integer.toString(settings.active().capacity()),
                Integer.toString(settings.admission().batchSize()),
                Long.toString(settings.admission().interval().toMillis()),
                Long.toString(settings.admission().rateWindow().toMillis()),
                Long.toString(settings.active().unclaimedHeadStart().toMillis()));
        List<UUID> admitted = reply.subList(2, reply.size()).stream().map(UUID::fromString).toList();
        return new AdmissionRound(admitted, Long.parseLong(reply.get(0)), Long.parseLong(reply.get(1)));
    }

    /** The tokens admitted in this round, in queue order, and the queue sizes right after it. */
    public record AdmissionRound(List<UUID> admitted, long waiting, long active) {
    }
}
