package dev.concert.reservation.hold;

import java.util.Set;

import dev.concert.reservation.inventory.SeatStatus;

/** The life of a reservation and, for each state, the seat state that goes with it. */
public enum ReservationStatus {
    /** The seat is held for the user until the hold's deadline. */
    HELD(SeatStatus.HELD),
    /** Paid: the seat is booked for good. */
    CONFIRMED(SeatStatus.BOOKED),
    /** The deadline passed unpaid: the seat went back on sale. */
    EXPIRED(SeatStatus.AVAILABLE);

    private final SeatStatus seat;

    ReservationStatus(SeatStatus seat) {
        this.seat = seat;
    }

    public SeatStatus seatStatus() {
        return seat;
    }

    public Set<ReservationStatus> next() {
        return switch (this) {
            case HELD -> Set.of(CONFIRMED, EXPIRED);
            case CONFIRMED, EXPIRED -> Set.of();
        };
    }

    public boolean canBecome(ReservationStatus target) {
        return next().contains(target);
    }

    public ReservationStatus transitionTo(ReservationStatus target) {
        if (!canBecome(target)) {
            throw new IllegalStateException("a reservation cannot go from " + this + " to " + target);
        }
        return target;
    }
}
