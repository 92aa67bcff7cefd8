package dev.concert.reservation.reservation;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of a hold, in one place.
 *
 * @param holdTime       how long a seat stays held unpaid (spec: 5 minutes)
 * @param maxLiveHolds   how many live holds one user may keep at once (a guard against one user parking seats)
 * @param paymentGrace   how long past its deadline a hold is kept for a payment accepted before the deadline
 *                       (docs/saga.md: the grace starts at the deadline, so a lagging consumer cannot shorten it)
 */
public record HoldPolicy(Duration holdTime, int maxLiveHolds, Duration paymentGrace) {

    public HoldPolicy {
        if (holdTime.isNegative() || holdTime.isZero()) {
            throw new IllegalArgumentException("hold time must be positive");
        }
        if (maxLiveHolds < 1) {
            throw new IllegalArgumentException("a user must be allowed at least one hold");
        }
        if (paymentGrace.isNegative()) {
            throw new IllegalArgumentException("payment grace must not be negative");
        }
    }

    public Instant expiresAt(Instant heldAt) {
        return heldAt.plus(holdTime);
    }

    /** Until when a hold taken at {@code heldAt} can still be confirmed by a payment accepted before its deadline. */
    public Instant paymentDeadline(Instant heldAt) {
        return expiresAt(heldAt).plus(paymentGrace);
    }

    /** A user who already keeps {@code liveHolds} live holds may take one more only below the limit. */
    public boolean allowsAnotherHold(int liveHolds) {
        return liveHolds < maxLiveHolds;
    }
}
