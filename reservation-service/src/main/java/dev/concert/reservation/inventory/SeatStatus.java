package dev.concert.reservation.inventory;

import java.util.Set;

/**
 * The three states of a seat (spec: 예약 가능 / 임시 예약 / 예약 확정) and the only moves between them. The SQL that
 * changes a seat always names the state it expects, so an illegal move is a zero-row update, never a silent one.
 */
public enum SeatStatus {
    AVAILABLE,
    HELD,
    BOOKED;

    /** A held seat goes back on sale or is booked; a booked seat never changes hands (DESIGN §6.1). */
    public Set<SeatStatus> next() {
        return switch (this) {
            case AVAILABLE -> Set.of(HELD);
            case HELD -> Set.of(AVAILABLE, BOOKED);
            case BOOKED -> Set.of();
        };
    }

    public boolean canBecome(SeatStatus target) {
        return next().contains(target);
    }

    public SeatStatus transitionTo(SeatStatus target) {
        if (!canBecome(target)) {
            throw new IllegalStateException("a seat cannot go from " + this + " to " + target);
        }
        return target;
    }
}
