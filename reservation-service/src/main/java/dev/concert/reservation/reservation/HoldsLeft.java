package dev.concert.reservation.reservation;

/**
 * What a change that ends one of a user's reservations says about the user's other holds: how many stay HELD after it
 * ({@code openHolds}) and the version of that count ({@code version}, growing per user). The events that end a hold
 * carry both, so queue-service can end the user's visit after their last hold rather than at their first booking.
 */
record HoldsLeft(int openHolds, long version) {

    HoldsLeft {
        if (openHolds < 0) {
            throw new IllegalArgumentException("a user cannot have fewer than no open holds");
        }
    }
}
