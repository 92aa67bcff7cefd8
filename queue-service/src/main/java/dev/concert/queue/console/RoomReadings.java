package dev.concert.queue.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.room.RoomClosure;
import dev.concert.queue.room.Rooms;
import dev.concert.queuestatus.WaitEstimate;

import org.springframework.stereotype.Component;

/** Every waiting room as the console shows it: the rooms' own view plus the recent admissions and the ETA. */
@Component
class RoomReadings {

    /** The span of the "admitted lately" figure: short enough that a paused room reads 0 within seconds. */
    static final Duration RECENT = Duration.ofSeconds(10);

    private final Rooms rooms;
    private final AdmissionLog admissions;
    private final QueueSettings settings;
    private final Clock clock;

    RoomReadings(Rooms rooms, AdmissionLog admissions, QueueSettings settings, Clock clock) {
        this.rooms = rooms;
        this.admissions = admissions;
        this.settings = settings;
        this.clock = clock;
    }

    /** The rooms with fans in them first (most first), then the latest openings: what an operator watches. */
    List<RoomReading> all() {
        Instant now = clock.instant();
        return rooms.all().stream().map(room -> reading(room, now))
                .sorted(Comparator.comparingLong((RoomReading r) -> r.preQueue() + r.waiting() + r.active())
                        .reversed().thenComparing(RoomReading::opensAt, Comparator.reverseOrder()))
                .toList();
    }

    RoomReading one(UUID id) {
        return reading(rooms.view(id), clock.instant());
    }

    private RoomReading reading(Rooms.RoomView room, Instant now) {
        long recent = admissions.admittedSince(room.roomId(), now, RECENT);
        Duration window = settings.admission().rateWindow();
        long admittedInWindow = Math.round(room.admittedPerMinute() * window.toMillis() / 60_000.0);
        // the ETA a fan at the back would be told (queue-status's rule); none while nobody is admitted
        Long lastInLine = null;
        if (room.waiting() == 0) {
            lastInLine = 0L;
        } else if (!room.paused() && room.opened()) {
            double perSecond = WaitEstimate.admissionsPerSecond(admittedInWindow, window, room.active(),
                    room.capacity(), room.admissionsPerSecond(), settings.active().idleTimeout());
            lastInLine = WaitEstimate.seconds(room.waiting(), perSecond);
        }
        return new RoomReading(room.roomId(), room.opensAt(), room.opened(), room.paused(), room.closed(),
                room.capacity(),
                room.admissionsPerSecond(), room.preQueue(), room.waiting(), room.active(), recent,
                RECENT.toSeconds(), Math.round(room.admittedPerMinute()), lastInLine);
    }

    /**
     * @param closed              why the organiser stopped the sale (no resume then), null while on sale
     * @param admittedRecently    admitted over the last {@code recentSeconds}
     * @param admittedPerMinute   admitted over the rate window, per minute (the rate behind fans' ETAs)
     * @param etaLastInLineSeconds what the last fan in line is told; null while the room admits nobody
     */
    record RoomReading(UUID roomId, Instant opensAt, boolean opened, boolean paused, RoomClosure closed, int capacity,
                       double admissionsPerSecond, long preQueue, long waiting, long active, long admittedRecently,
                       long recentSeconds, long admittedPerMinute, Long etaLastInLineSeconds) {
    }
}
