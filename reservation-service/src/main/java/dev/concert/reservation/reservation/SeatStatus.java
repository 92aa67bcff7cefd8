package dev.concert.reservation.reservation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The three states of a seat (spec: 예약 가능 / 임시 예약 / 예약 확정) and the only moves between them: a held seat
 * goes back on sale or is booked; a booked seat never changes hands (docs/design.md §6.1).
 */
public enum SeatStatus {
    AVAILABLE,
    HELD,
    BOOKED;

    public Set<SeatStatus> next() {
        return switch (this) {
            case AVAILABLE -> EnumSet.of(HELD);
            case HELD -> EnumSet.of(AVAILABLE, BOOKED);
            case BOOKED -> EnumSet.noneOf(SeatStatus.class);
        };
    }

    public boolean canBecome(SeatStatus target) {
        return next().contains(target);
    }

    /** The states a seat may be in to move to this one; the hold's conditional update is built from it. */
    public Set<SeatStatus> allowedFrom() {
        Set<SeatStatus> from = EnumSet.noneOf(SeatStatus.class);
        for (SeatStatus s : values()) {
            if (s.canBecome(this)) {
                from.add(s);
            }
        }
        return from;
    }

    SeatStatus transitionTo(SeatStatus target) {
        if (!canBecome(target)) {
            throw new IllegalStateException("a seat cannot go from " + this + " to " + target);
        }
        return target;
    }
}
