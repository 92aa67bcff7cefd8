package dev.concert.events;

/** Why a hold ended without a booking and its seat went back on sale. */
public enum ReleaseReason {
    /** the hold's deadline (and any payment grace) passed unpaid */
    HOLD_EXPIRED
}
