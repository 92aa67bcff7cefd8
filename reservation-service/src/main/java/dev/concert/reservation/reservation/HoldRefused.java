package dev.concert.reservation.reservation;

/** Why a hold was not taken. Nothing was written when this is thrown. */
public class HoldRefused extends RuntimeException {

    public enum Reason {
        SCHEDULE_NOT_FOUND,
        SEAT_NOT_FOUND,
        SEAT_NOT_IN_SCHEDULE,
        SALE_CLOSED,
        SEAT_NOT_AVAILABLE,
        HOLD_LIMIT_REACHED
    }

    private final Reason reason;

    public HoldRefused(Reason reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
