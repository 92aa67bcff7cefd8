package dev.concert.reservation.hold;

import java.time.Clock;
import java.util.UUID;

import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.HoldRefused;
import dev.concert.reservation.reservation.HoldRefused.Reason;
import dev.concert.reservation.reservation.Reservation;
import dev.concert.reservation.reservation.LockConflicts;
import dev.concert.reservation.reservation.Reservations;
import dev.concert.reservation.reservation.SeatForSale;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Holding a seat: step 2 of the saga. */
@Service
class SeatHolds {


    private final Reservations reservations;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReservationCounters counters;

    SeatHolds(Reservations reservations, Outbox outbox, TransactionTemplate tx, Clock clock,
              ReservationCounters counters) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Holds {@code seatId} of {@code scheduleId} for {@code userId}. The seat catalog and sale window are read first,
     * outside the transaction (a refusal costs one read); an operator closing or cancelling the date meanwhile is
     * caught inside it ({@code Reservations.hold} reads the sale status under a shared lock). The decision itself is
     * the conditional update inside one short transaction with no network call but the database. A seat already
     * taken when read is refused on that read: in a sale nearly every attempt is one.
     */
    Reservation hold(UUID userId, UUID scheduleId, UUID seatId) {
        SeatForSale seat = reservations.seatForSale(seatId, clock.instant()).orElse(null);
        if (seat == null || !seat.scheduleId().equals(scheduleId)) {
            if (!reservations.scheduleExists(scheduleId)) {
                throw new HoldRefused(Reason.SCHEDULE_NOT_FOUND, "no schedule " + scheduleId);
            }
            throw seat == null ? new HoldRefused(Reason.SEAT_NOT_FOUND, "no seat " + seatId)
                    : new HoldRefused(Reason.SEAT_NOT_IN_SCHEDULE,
                    "seat " + seatId + " belongs to another schedule than " + scheduleId);
        }
        if (!seat.onSale()) {
            throw new HoldRefused(Reason.SALE_CLOSED, "schedule " + scheduleId + " is not on sale now (outside its sale"
                    + " window, or closed or cancelled by the organiser)");
        }
        if (!seat.looksFree()) {
            throw new HoldRefused(Reason.SEAT_NOT_AVAILABLE, "seat " + seat.seatNumber() + " is already taken");
        }
        return LockConflicts.retried(() -> tx.execute(status -> {
            Reservation reservation = reservations.hold(userId, seat, clock.instant());
            outbox.append(reservation.held());
            counters.held();
            return reservation;
        }));
    }
}
