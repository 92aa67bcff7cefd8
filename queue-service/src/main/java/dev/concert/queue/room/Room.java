package dev.concert.queue.room;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.StatusRules;

/**
 * The waiting room of one schedule's sale: when it opens, whether its admission is paused, how many fans may be
 * ACTIVE in it at once and how fast they are admitted. Its id is the schedule's. Fans who join before the opening
 * are drawn into a random order at the opening (Redis, open_room in lib.lua); the rules of a change are here.
 *
 * @param batchSize admissions per {@code interval}, all instances together (the admission bucket's size)
 */
public record Room(UUID id, Instant opensAt, boolean opened, boolean paused, int capacity, int batchSize,
                   Duration interval) {

    public Room {
        if (id == null || opensAt == null) {
            throw new IllegalArgumentException("a room needs its schedule's id and an opening time");
        }
        if (capacity < 1) {
            throw new RoomChangeRefused(RoomChangeRefused.Reason.INVALID_ROOM_SETTINGS, "capacity must be at least 1");
        }
        if (batchSize < 1 || interval == null || interval.toMillis() < 1) {
            throw new RoomChangeRefused(RoomChangeRefused.Reason.INVALID_ROOM_SETTINGS,
                    "the admission rate must be positive");
        }
    }

    /** A room with the platform's default capacity and rate, opening at its schedule's sale opening. */
    public static Room forSale(UUID scheduleId, Instant saleOpensAt, QueueSettings defaults) {
        return new Room(scheduleId, saleOpensAt, false, false, defaults.active().capacity(),
                defaults.admission().batchSize(), defaults.admission().interval());
    }

    public double admissionsPerSecond() {
        return batchSize * 1000.0 / interval.toMillis();
    }

    /** The opening moves while it is ahead; once the room has opened its draw is done and cannot be redone. */
    public Room opening(Instant newOpening) {
        if (opened) {
            throw new RoomChangeRefused(RoomChangeRefused.Reason.ROOM_ALREADY_OPEN,
                    "room " + id + " has opened already; its opening cannot move");
        }
        return new Room(id, newOpening, false, paused, capacity, batchSize, interval);
    }

    public Room capacity(int newCapacity) {
        return new Room(id, opensAt, opened, paused, newCapacity, batchSize, interval);
    }

    /**
     * A rate as a bucket: whole admissions per interval, the interval stretched for rates below one a second
     * (0.5/s: 1 every 2 s; 2.5/s: 3 every 1.2 s).
     */
    public Room admissionsPerSecond(double perSecond) {
        if (!(perSecond > 0) || perSecond > 100_000) {
            throw new RoomChangeRefused(RoomChangeRefused.Reason.INVALID_ROOM_SETTINGS,
                    "admissionsPerSecond must be above 0 and at most 100000");
        }
        int batch = (int) Math.ceil(perSecond);
        return new Room(id, opensAt, opened, paused, capacity, batch,
                Duration.ofMillis(Math.max(1, Math.round(batch * 1000.0 / perSecond))));
    }

    public Room paused(boolean pause) {
        return new Room(id, opensAt, opened, pause, capacity, batchSize, interval);
    }

    /** What a status answer in this room depends on: its own capacity and rate, the platform's timeouts. */
    public StatusRules statusRules(QueueSettings settings) {
        StatusRules platform = settings.statusRules();
        return new StatusRules(capacity, platform.idleTimeout(), admissionsPerSecond(), platform.rateWindow(),
                platform.polling());
    }
}
