package dev.concert.events;

/** Why a reservation's seat went back on sale. */
public enum ReleaseReason {
    /** the hold's deadline (and any payment grace) passed unpaid */
    HOLD_EXPIRED,
    /** its owner cancelled it: a hold given up, or a booking cancelled before the show (then BookingCancelled too) */
    CANCELLED,
    /** an operator cancelled the date: every hold and booking of it ends (a booking with BookingCancelled too) */
    SCHEDULE_CANCELLED;

    /** The reservation was cancelled, by its owner or with its date: a booking it ended is refunded. */
    public boolean isCancellation() {
        return this == CANCELLED || this == SCHEDULE_CANCELLED;
    }
}
