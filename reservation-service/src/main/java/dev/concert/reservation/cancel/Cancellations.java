package dev.concert.reservation.cancel;

import java.time.Clock;
import java.util.UUID;

import dev.concert.events.BookingCancelled;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.Reservation;
import dev.concert.reservation.reservation.LockConflicts;
import dev.concert.reservation.reservation.Reservations;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner cancels a reservation (docs/saga.md steps R and C): a hold is given up, or a booking is cancelled before
 * its show. The reservation, its seat and the events ({@code SeatReleased}, and {@code BookingCancelled} for a booking,
 * which the wallet refunds) change in one transaction; a second cancellation changes and announces nothing.
 */
@Service
class Cancellations {


    private final Reservations reservations;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReservationCounters counters;

    Cancellations(Reservations reservations, Outbox outbox, TransactionTemplate tx, Clock clock,
                  ReservationCounters counters) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.counters = counters;
    }

    /** The reservation, CANCELLED by this call or an earlier one. */
    Reservation cancel(UUID caller, UUID reservationId) {
        return LockConflicts.retried(() -> tx.execute(status -> {
            Reservations.Cancellation cancellation = reservations.cancel(reservationId, caller, clock.instant());
            cancellation.events().forEach(outbox::append);
            if (!cancellation.events().isEmpty()) {
                counters.cancelled(cancellation.events().stream().anyMatch(BookingCancelled.class::isInstance));
            }
            return cancellation.reservation();
        }));
    }
}
