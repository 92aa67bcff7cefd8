package dev.concert.reservation.reservation;

import java.util.EnumSet;
import java.util.Set;

import dev.concert.platform.domain.Lifecycle;

/** The life of a reservation, the only moves allowed between its states, and the seat state that goes with each. */
public enum ReservationStatus implements Lifecycle<ReservationStatus> {
    /** The seat is held for the user until the hold's deadline (or a payment's grace). */
    HELD(SeatStatus.HELD),
    /** Paid: the seat is booked for good. */
    CONFIRMED(SeatStatus.BOOKED),
    /** The deadline passed unpaid: the seat went back on sale. */
    EXPIRED(SeatStatus.AVAILABLE),
    /** Its owner gave the hold up, or cancelled the booking before the show: the seat went back on sale at once. */
    CANCELLED(SeatStatus.AVAILABLE);

    private final SeatStatus seat;

    ReservationStatus(SeatStatus seat) {
        this.seat = seat;
    }

    public SeatStatus seatStatus() {
        return seat;
    }

    @Override
    public Set<ReservationStatus> next() {
        return switch (this) {
            case HELD -> EnumSet.of(CONFIRMED, EXPIRED, CANCELLED);
            case CONFIRMED -> EnumSet.of(CANCELLED);
            case EXPIRED, CANCELLED -> EnumSet.noneOf(ReservationStatus.class);
        };
    }
}
