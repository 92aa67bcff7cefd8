package dev.concert.events;

/** Why a reservation's seat went back on sale. */
public enum ReleaseReason {
    /** the hold's deadline (and any payment grace) passed unpaid */
    HOLD_EXPIRED,
    /** its owner cancelled it: a hold given up, or a booking cancelled before the show (then BookingCancelled too) */
    CANCELLED
}
