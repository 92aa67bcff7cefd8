package dev.concert.queue.room;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's step in each room, each room on its own: one room that fails (its Redis Cluster shard away, a damaged
 * room hash) is logged and skipped, and the rooms after it are still served. Only when every room failed does the
 * first failure go up, so that the job can tell a whole outage (Redis away) as before.
 */
public final class RoomByRoom {

    private static final Logger log = LoggerFactory.getLogger(RoomByRoom.class);

    private RoomByRoom() {
    }

    public static void run(String step, List<UUID> rooms, Consumer<UUID> inRoom) {
        Map<UUID, RuntimeException> failures = new LinkedHashMap<>();
        for (UUID room : rooms) {
            try {
                inRoom.accept(room);
            } catch (RuntimeException e) {
                failures.put(room, e);
            }
        }
        if (!failures.isEmpty() && failures.size() == rooms.size()) {
            throw failures.values().iterator().next();
        }
        failures.forEach((room, e) ->
                log.warn("{} failed in room {}; the other rooms went on: {}", step, room, e.toString()));
    }
}
