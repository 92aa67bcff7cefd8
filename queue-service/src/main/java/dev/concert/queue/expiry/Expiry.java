package dev.concert.queue.expiry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.concert.queue.QueueMetrics;
import dev.concert.queue.QueueSettings;
import dev.concert.queue.room.RoomByRoom;
import dev.concert.queue.room.RoomStore;
import dev.concert.queuestatus.ExpiryReason;

import org.springframework.stereotype.Service;

/**
 * Ends ACTIVE visits: after the idle timeout, or once the user has booked and has no hold left to pay (a fan may buy
 * several seats with one visit: up to the hold limit, each held and paid in turn).
 */
@Service
public class Expiry {

    private final ExpiryStore store;
    private final RoomStore rooms;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final int batchSize;

    public Expiry(ExpiryStore store, RoomStore rooms, QueueMetrics metrics, Clock clock, QueueSettings settings) {
        this.store = store;
        this.rooms = rooms;
        this.metrics = metrics;
        this.clock = clock;
        this.batchSize = settings.expiry().batchSize();
    }

    /**
     * Expires every idle token and every admitted place not claimed in time, batch after batch, so that a backlog
     * does not wait for later runs; the places they free go to the next in line at the next admission. Room by
     * room.
     */
    public long expireIdle() {
        long idle = 0;
        long notClaimed = 0;
        long[] counts = new long[2];
        RoomByRoom.run("idle expiry", rooms.ids(), room -> {
            ExpiryStore.ExpiredIdle run;
            do {
                run = store.expireIdle(room, clock.instant());
                counts[0] += run.idle();
                counts[1] += run.notClaimed();
            } while (run.total() >= batchSize);
        });
        idle = counts[0];
        notClaimed = counts[1];
        metrics.expired(ExpiryReason.IDLE, idle);
        metrics.expired(ExpiryReason.NOT_CLAIMED, notClaimed);
        return idle + notClaimed;
    }

    /**
     * The user booked a seat of the room's schedule at {@code bookedAt}, leaving {@code openHolds} of their holds open (as of
     * {@code version}): the visit they booked in ends if none is left, else it is marked as having booked and lasts
     * until they pay or give up the rest. Only their live token issued before {@code bookedAt} is concerned: a token
     * issued later is a new visit and stays, so a repeated or late confirmation changes nothing.
     */
    public boolean bookingConfirmed(UUID room, UUID userId, Instant bookedAt, int openHolds, long version) {
        return holdEnded(room, userId, bookedAt, true, openHolds, version);
    }

    /**
     * One of the user's holds ended unbooked at {@code releasedAt} (expired, or given up), leaving {@code openHolds}
     * open (as of {@code version}): a visit that has booked ends once none is left; a visit that has not booked goes
     * on (the user may hold another seat). Same rule as {@link #bookingConfirmed} for later tokens and repeats.
     */
    public boolean holdReleased(UUID room, UUID userId, Instant releasedAt, int openHolds, long version) {
        return holdEnded(room, userId, releasedAt, false, openHolds, version);
    }

    private boolean holdEnded(UUID room, UUID userId, Instant endedAt, boolean booked, int openHolds,
                              long version) {
        Objects.requireNonNull(userId, "the end of a hold names its user");
        Objects.requireNonNull(room, "the end of a hold names its schedule, the visit's room");
        boolean expired = store.holdEnded(room, userId, endedAt, booked, openHolds, version, clock.instant());
        if (expired) {
            metrics.expired(ExpiryReason.BOOKED, 1);
        }
        return expired;
    }
}
