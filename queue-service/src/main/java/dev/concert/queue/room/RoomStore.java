package dev.concert.queue.room;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueScripts;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.queuestatus.StatusScript;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Repository;

/**
 * The rooms in Redis: each room's settings ({@code <room prefix>room}, a hash the queue scripts read) and its status
 * rules next to its queue; the registry of every room id ({@link RoomKeys#registry}) that the jobs go through room by
 * room. The only writer of a room's settings.
 */
@Repository
public class RoomStore {

    private static final RedisScript<Long> SAVE = QueueScripts.number("room-save");
    private static final RedisScript<List<String>> SIZE = QueueScripts.list("room-size");

    private final StringRedisTemplate redis;
    private final String queuePrefix;

    public RoomStore(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.queuePrefix = settings.keyPrefix();
    }

    public String prefix(UUID room) {
        return RoomKeys.prefix(queuePrefix, room);
    }

    public Optional<Room> find(UUID id) {
        Map<Object, Object> h = redis.opsForHash().entries(prefix(id) + "room");
        if (h.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Room(id, Instant.ofEpochMilli(Long.parseLong(text(h, "opens"))),
                "1".equals(h.get("opened")), "1".equals(h.get("paused")), Integer.parseInt(text(h, "capacity")),
                Integer.parseInt(text(h, "batch")), Duration.ofMillis(Long.parseLong(text(h, "interval_ms")))));
    }

    /** Creates the room unless it exists (an operator's settings are never overwritten); true if created. */
    public boolean createIfAbsent(Room room) {
        boolean created = save(room, true) == 1;
        register(room);
        return created;
    }

    /** Saves a change; false if the room opened meanwhile and the change would move its opening. */
    public boolean change(Room room) {
        boolean saved = save(room, false) == 1;
        if (saved) {
            register(room);
        }
        return saved;
    }

    private long save(Room room, boolean createOnly) {
        String prefix = prefix(room.id());
        Long reply = redis.execute(SAVE, List.of(prefix + "room"), prefix,
                Long.toString(room.opensAt().toEpochMilli()), Integer.toString(room.capacity()),
                Integer.toString(room.batchSize()), Long.toString(room.interval().toMillis()),
                room.paused() ? "1" : "0", createOnly ? "1" : "0");
        return reply == null ? 0 : reply;
    }

    /**
     * Why the room takes no newcomers (its sale {@code SALE_CLOSED} or {@code CANCELLED} by the organiser), or
     * empty when it takes them. Beside the settings, not one of them: an operator's change of the room keeps it.
     */
    public Optional<RoomClosure> closure(UUID id) {
        return Optional.ofNullable((String) redis.opsForHash().get(prefix(id) + "room", "closed"))
                .map(RoomClosure::valueOf);
    }

    /** Sets or clears (null) why the room takes no newcomers (the issue script refuses new tokens while it is set). */
    public void close(UUID id, RoomClosure why) {
        if (why == null) {
            redis.opsForHash().delete(prefix(id) + "room", "closed");
        } else {
            redis.opsForHash().put(prefix(id) + "room", "closed", why.name());
        }
    }

    private void register(Room room) {
        redis.opsForZSet().add(RoomKeys.registry(queuePrefix), room.id().toString(),
                room.opensAt().toEpochMilli());
    }

    /** Every room's id, by opening time. */
    public List<UUID> ids() {
        var ids = redis.opsForZSet().range(RoomKeys.registry(queuePrefix), 0, -1);
        return ids == null ? List.of() : ids.stream().map(UUID::fromString).toList();
    }

    public RoomSize size(UUID id) {
        String prefix = prefix(id);
        List<String> n = redis.execute(SIZE, List.of(prefix + "room"), prefix);
        return new RoomSize(Long.parseLong(n.get(0)), Long.parseLong(n.get(1)), Long.parseLong(n.get(2)),
                (long) Double.parseDouble(n.get(3)));
    }

    /** Writes the room's status rules unless they are there as given: a read in the common case. */
    public boolean publishRules(UUID id, String rules) {
        String key = prefix(id) + StatusScript.RULES_KEY;
        if (rules.equals(redis.opsForValue().get(key))) {
            return false;
        }
        redis.opsForValue().set(key, rules);
        return true;
    }

    private static String text(Map<Object, Object> hash, String field) {
        Object value = hash.get(field);
        if (value == null) {
            throw new IllegalStateException("room settings lack " + field);
        }
        return value.toString();
    }

    /** How many fans are in each part of a room, and how many were admitted over the rate window. */
    public record RoomSize(long preQueue, long waiting, long active, long admittedInWindow) {
    }
}
