package dev.concert.queue.room;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.room.RoomStore.RoomSize;

import org.springframework.stereotype.Service;

/**
 * The rooms' use cases: a room for each schedule that goes on sale (following the catalog), and the operator's
 * changes: opening time, capacity, admission rate, pause. Each change is the room's rule ({@link Room}) applied to
 * what Redis holds, then saved with the rules a status answer in the room depends on.
 */
@Service
public class Rooms {

    private final RoomStore store;
    private final QueueSettings settings;
    private final Clock clock;

    public Rooms(RoomStore store, QueueSettings settings, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.clock = clock;
    }

    /** A schedule went on sale: its room opens at the sale's opening, unless an operator has set it up already. */
    public void saleAnnounced(UUID scheduleId, Instant saleOpensAt) {
        Room room = Room.forSale(scheduleId, saleOpensAt, settings);
        if (store.createIfAbsent(room)) {
            publishRules(room);
        }
    }

    /**
     * The sale's opening moved (ScheduleChanged): so does the room's while it has not opened; a room that has opened
     * (its draw done) keeps its opening, and a room not heard of yet is created with the new one.
     */
    public void saleMoved(UUID scheduleId, Instant saleOpensAt) {
        Room room = store.find(scheduleId).orElse(null);
        if (room == null) {
            saleAnnounced(scheduleId, saleOpensAt);
        } else if (!room.opened() && !room.opensAt().equals(saleOpensAt)) {
            Room moved = room.opening(saleOpensAt);
            if (store.change(moved)) {
                publishRules(moved);
            }
        }
    }

    /**
     * The organiser closed ({@code SALE_CLOSED}) or cancelled ({@code CANCELLED}) the sale: admission pauses and
     * the room takes no newcomers (fans with a token keep their place). A cancelled room stays so. Nothing happens to a
     * room not heard of (no token can be issued there anyway).
     */
    public void saleStopped(UUID scheduleId, RoomClosure why) {
        store.find(scheduleId).ifPresent(room -> {
            store.close(scheduleId, RoomClosure.after(store.closure(scheduleId), why));
            if (!room.paused()) {
                save(room.paused(true));
            }
        });
    }

    /**
     * The organiser reopened a closed sale: newcomers again, admission resumes (a pause an operator made meanwhile
     * included: the room has one pause flag). A cancelled room stays closed.
     */
    public void saleReopened(UUID scheduleId) {
        store.find(scheduleId).ifPresent(room -> {
            if (!store.closure(scheduleId).map(RoomClosure::liftedByReopening).orElse(true)) {
                return;
            }
            store.close(scheduleId, null);
            if (room.paused()) {
                save(room.paused(false));
            }
        });
    }

    /** The operator's settings for a room; a room not heard of yet is created with them. */
    public Room configure(UUID id, RoomSettings requested) {
        Room current = store.find(id).orElse(null);
        Room changed = current == null
                ? Room.forSale(id, requested.opensAt() != null ? requested.opensAt() : clock.instant(), settings)
                : current;
        if (requested.opensAt() != null && current != null && !requested.opensAt().equals(current.opensAt())) {
            changed = changed.opening(requested.opensAt());
        }
        if (requested.capacity() != null) {
            changed = changed.capacity(requested.capacity());
        }
        if (requested.admissionsPerSecond() != null) {
            changed = changed.admissionsPerSecond(requested.admissionsPerSecond());
        }
        return save(changed);
    }

    public Room pause(UUID id) {
        return change(id, room -> room.paused(true));
    }

    /** Admission again; refused (409 ROOM_CLOSED) while the organiser has the sale closed or cancelled. */
    public Room resume(UUID id) {
        refuseIfClosed(id);
        return change(id, room -> room.paused(false));
    }

    /**
     * Opens the room now: the pre-queue is drawn at the next admission round or join. Refused while the sale is
     * closed or cancelled.
     */
    public Room openNow(UUID id) {
        refuseIfClosed(id);
        return change(id, room -> room.opening(clock.instant()));
    }

    private void refuseIfClosed(UUID id) {
        if (store.closure(id).isPresent()) {
            throw new RoomClosed(id);
        }
    }

    public RoomView view(UUID id) {
        Room room = store.find(id).orElseThrow(() -> new RoomNotFound(id));
        return RoomView.of(room, store.closure(id).orElse(null), store.size(id), settings);
    }

    public List<RoomView> all() {
        return store.ids().stream().flatMap(id -> store.find(id).stream())
                .map(room -> RoomView.of(room, store.closure(room.id()).orElse(null), store.size(room.id()),
                        settings)).toList();
    }

    /** Every room's rules again: a flushed or restarted Redis gets them back within one period. */
    public void republishRules() {
        RoomByRoom.run("status rules", store.ids(), id -> store.find(id).ifPresent(this::publishRules));
    }

    private Room change(UUID id, UnaryOperator<Room> change) {
        return save(change.apply(store.find(id).orElseThrow(() -> new RoomNotFound(id))));
    }

    private Room save(Room room) {
        if (!store.change(room)) {
            throw new RoomChangeRefused(RoomChangeRefused.Reason.ROOM_ALREADY_OPEN,
                    "room " + room.id() + " opened meanwhile; its opening cannot move");
        }
        publishRules(room);
        return room;
    }

    private void publishRules(Room room) {
        store.publishRules(room.id(), room.statusRules(settings).encode());
    }

    /** What an operator may set; null leaves a setting as it is. */
    public record RoomSettings(Instant opensAt, Integer capacity, Double admissionsPerSecond) {
    }

    /** A room as an operator sees it; {@code closed}: why the organiser stopped its sale, null while on sale. */
    public record RoomView(UUID roomId, Instant opensAt, boolean opened, boolean paused, RoomClosure closed,
                           int capacity, double admissionsPerSecond, long preQueue, long waiting, long active,
                           double admittedPerMinute) {

        static RoomView of(Room room, RoomClosure closed, RoomSize size, QueueSettings settings) {
            double perMinute = size.admittedInWindow() * 60_000.0 / settings.admission().rateWindow().toMillis();
            return new RoomView(room.id(), room.opensAt(), room.opened(), room.paused(), closed, room.capacity(),
                    room.admissionsPerSecond(), size.preQueue(), size.waiting(), size.active(), perMinute);
        }
    }
}
