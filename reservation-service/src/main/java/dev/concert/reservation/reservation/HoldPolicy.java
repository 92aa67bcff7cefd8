package dev.concert.reservation.reservation;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of a hold, in one place.
 *
 * @param holdTime       how long a seat stays held unpaid (spec: 5 minutes)
 * @param maxLiveHolds   how many live holds one user may keep at once (a guard against one user parking seats)
 * @param paymentGrace   how long after a payment request the hold is kept even past its deadline (docs/saga.md)
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

    /** A user who already keeps {@code liveHolds} live holds may take one more only below the limit. */
    public boolean allowsAnotherHold(int liveHolds) {
        return liveHolds < maxLiveHolds;
    }

    /** When a payment requested at {@code now} stops protecting the hold. */
    public Instant paymentPendingUntil(Instant now) {
        return now.plus(paymentGrace);
    }
}
