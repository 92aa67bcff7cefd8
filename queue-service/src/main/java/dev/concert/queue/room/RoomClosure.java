package dev.concert.queue.room;

import java.util.Optional;

/**
 * Why a room takes no newcomers: the organiser closed its sale (until reopened) or cancelled it (for good). While a
 * room is closed, admission stays paused: neither an operator's resume nor an opening may start it again.
 */
public enum RoomClosure {
    SALE_CLOSED,
    CANCELLED;

    /** The closure after the organiser stops the sale for {@code reason}: a cancelled room stays cancelled. */
    static RoomClosure after(Optional<RoomClosure> current, RoomClosure reason) {
        return current.filter(c -> c == CANCELLED).orElse(reason);
    }

    /** Whether a reopened sale lifts this closure: a closed sale's yes, a cancelled one's never. */
    boolean liftedByReopening() {
        return this == SALE_CLOSED;
    }
}
