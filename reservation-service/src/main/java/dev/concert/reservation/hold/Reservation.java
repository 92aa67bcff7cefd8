package dev.concert.reservation.hold;

import java.time.Instant;
import java.util.UUID;

/** A reservation as stored: a hold on one seat for one user, later confirmed or expired. */
public record Reservation(UUID id, UUID userId, UUID scheduleId, UUID seatId, int seatNumber, long price,
                          ReservationStatus status, Instant createdAt, Instant expiresAt,
                          Instant paymentPendingUntil, UUID paymentId, Instant confirmedAt, Instant releasedAt) {

    /** A fresh hold taken at {@code now}. */
    public static Reservation hold(UUID id, UUID userId, UUID scheduleId, UUID seatId, int seatNumber, long price,
                                   Instant now, HoldPolicy policy) {
        return new Reservation(id, userId, scheduleId, seatId, seatNumber, price, ReservationStatus.HELD, now,
                policy.expiresAt(now), null, null, null, null);
    }

    /** Held and still inside its deadline or a payment grace: a payment can still confirm it. */
    public boolean isLiveHold(Instant now) {
        return status == ReservationStatus.HELD && HoldPolicy.isLive(expiresAt, paymentPendingUntil, now);
    }

    /** Held but past every deadline: the expiry job may release it. */
    public boolean isExpiredHold(Instant now) {
        return status == ReservationStatus.HELD && !HoldPolicy.isLive(expiresAt, paymentPendingUntil, now);
    }
}
