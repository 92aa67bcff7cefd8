package dev.concert.reservation.hold;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

import dev.concert.events.SeatHeld;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.hold.HoldRefused.Reason;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Holding a seat: step 2 of the saga. */
@Service
public class SeatHolds {

    /** A deadlock victim or lock timeout is retried: the transaction has no effect outside the database. */
    private static final int ATTEMPTS = 3;

    private final HoldRepository holds;
    private final HoldPolicy policy;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReservationCounters counters;

    public SeatHolds(HoldRepository holds, HoldPolicy policy, Outbox outbox, TransactionTemplate tx, Clock clock,
                     ReservationCounters counters) {
        this.holds = holds;
        this.policy = policy;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Holds {@code seatId} of {@code scheduleId} for {@code userId}. The seat catalog and sale window are read first
     * (they never change, so reading them outside the transaction races with nothing); the decision itself is the
     * conditional update inside one short transaction with no network call but the database.
     */
    public Reservation hold(UUID userId, UUID scheduleId, UUID seatId) {
        Instant now = clock.instant();
        HoldRepository.SeatForSale seat = holds.seatForSale(seatId).orElse(null);
        if (seat == null) {
            throw holds.scheduleExists(scheduleId)
                    ? new HoldRefused(Reason.SEAT_NOT_FOUND, "no seat " + seatId)
                    : new HoldRefused(Reason.SCHEDULE_NOT_FOUND, "no schedule " + scheduleId);
        }
        if (!seat.scheduleId().equals(scheduleId)) {
            throw holds.scheduleExists(scheduleId)
                    ? new HoldRefused(Reason.SEAT_NOT_IN_SCHEDULE,
                    "seat " + seatId + " belongs to another schedule than " + scheduleId)
                    : new HoldRefused(Reason.SCHEDULE_NOT_FOUND, "no schedule " + scheduleId);
        }
        if (!seat.onSaleAt(now)) {
            throw new HoldRefused(Reason.SALE_CLOSED, "schedule " + scheduleId + " is not on sale now");
        }
        return retryingLockConflicts(() -> tx.execute(status -> holdInTransaction(userId, seat)));
    }

    private Reservation holdInTransaction(UUID userId, HoldRepository.SeatForSale seat) {
        Instant now = clock.instant();
        holds.lockOwner(userId, now);
        if (!policy.allowsAnotherHold(holds.countLiveHolds(userId, now))) {
            throw new HoldRefused(Reason.HOLD_LIMIT_REACHED,
                    "you already hold " + policy.maxLiveHolds() + " seats; pay for one or let one expire first");
        }
        UUID reservationId = UUID.randomUUID();
        if (!holds.takeSeat(seat.seatId(), reservationId)) {
            throw new HoldRefused(Reason.SEAT_NOT_AVAILABLE, "seat " + seat.seatNumber() + " is already taken");
        }
        Reservation reservation = Reservation.hold(reservationId, userId, seat.scheduleId(), seat.seatId(),
                seat.seatNumber(), seat.price(), now, policy);
        holds.insert(reservation);
        outbox.append(new SeatHeld(reservation.id(), reservation.scheduleId(), reservation.seatId(),
                reservation.seatNumber(), userId, reservation.price(), reservation.expiresAt()));
        counters.held();
        return reservation;
    }

    private static <T> T retryingLockConflicts(Supplier<T> attempt) {
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (PessimisticLockingFailureException e) {
                if (i >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
