package dev.concert.queue.console;

import java.util.UUID;

import dev.concert.queue.room.Rooms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The console's changes to a room, through the rooms' own use cases (so every instance follows from Redis), each
 * written to the audit log: who, what, the room before and after.
 */
@Component
class RoomControls {

    /** The audit trail of operators' changes: a logger of its own, so it can be routed and kept apart. */
    static final Logger AUDIT = LoggerFactory.getLogger("audit.operator-console");

    private final Rooms rooms;
    private final RoomReadings readings;

    RoomControls(Rooms rooms, RoomReadings readings) {
        this.rooms = rooms;
        this.readings = readings;
    }

    RoomReadings.RoomReading pause(UUID room, Operator who) {
        return audited(who, "pause", room, () -> rooms.pause(room));
    }

    RoomReadings.RoomReading resume(UUID room, Operator who) {
        return audited(who, "resume", room, () -> rooms.resume(room));
    }

    /** New capacity and/or admission rate; null leaves one as it is. */
    RoomReadings.RoomReading settings(UUID room, Integer capacity, Double admissionsPerSecond, Operator who) {
        return audited(who, "settings capacity=" + capacity + " admissionsPerSecond=" + admissionsPerSecond, room,
                () -> rooms.configure(room, new Rooms.RoomSettings(null, capacity, admissionsPerSecond)));
    }

    private RoomReadings.RoomReading audited(Operator who, String what, UUID room, Runnable change) {
        Rooms.RoomView before = rooms.view(room);
        try {
            change.run();
        } catch (RuntimeException e) {
            AUDIT.info("who={} what={} room={} refused={} before={}", who, what, room, e.getMessage(),
                    settingsOf(before));
            throw e;
        }
        Rooms.RoomView after = rooms.view(room);
        AUDIT.info("who={} what={} room={} before={} after={}", who, what, room, settingsOf(before),
                settingsOf(after));
        return readings.one(room);
    }

    private static String settingsOf(Rooms.RoomView room) {
        return "{paused=" + room.paused() + ", capacity=" + room.capacity() + ", admissionsPerSecond="
                + room.admissionsPerSecond() + "}";
    }
}
