package dev.concert.reservation.inventory;

import java.time.Clock;
import java.util.List;

import dev.concert.events.BookingCancelled;
import dev.concert.events.DomainEvent;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.SeatReleased;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.Reservations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Step 1 of the saga: a schedule opened for sale becomes AVAILABLE seats; and the schedule follows what operators do
 * with it after (steps S): a changed window, a closed or reopened sale, a cancellation that ends every hold and
 * booking of it. Each runs inside the inbox transaction, so its events commit with it.
 */
@Service
public class ScheduleInventory {

    private static final Logger log = LoggerFactory.getLogger(ScheduleInventory.class);

    private final Reservations reservations;
    private final Outbox outbox;
    private final ReservationCounters counters;
    private final Clock clock;

    ScheduleInventory(Reservations reservations, Outbox outbox, ReservationCounters counters, Clock clock) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.counters = counters;
        this.clock = clock;
    }

    /** Idempotent on the schedule and seat ids. */
    public void open(ScheduleOpened event) {
        Reservations.Opened opened = reservations.open(event, clock.instant());
        log.info("schedule {} opened: {} of {} seats created{}", event.scheduleId(), opened.seatsCreated(),
                event.seats() == null ? 0 : event.seats().size(),
                opened.newSchedule() ? "" : " (schedule already known)");
    }

    public void reschedule(ScheduleChanged event) {
        log.info("schedule {} rescheduled: starts {}, sale {} to {}{}", event.scheduleId(), event.startsAt(),
                event.saleOpensAt(), event.saleClosesAt(), reservations.reschedule(event) ? "" : " (unknown here)");
    }

    public void closeSale(ScheduleSaleClosed event) {
        log.info("schedule {} sale closed{}", event.scheduleId(),
                reservations.closeSale(event.scheduleId()) ? "" : " (nothing to change)");
    }

    public void reopenSale(ScheduleSaleReopened event) {
        log.info("schedule {} sale reopened{}", event.scheduleId(),
                reservations.reopenSale(event.scheduleId()) ? "" : " (nothing to change)");
    }

    public void cancel(ScheduleCancelled event) {
        List<DomainEvent> ended = reservations.cancelSchedule(event.scheduleId(), clock.instant());
        ended.forEach(outbox::append);
        long bookings = ended.stream().filter(BookingCancelled.class::isInstance).count();
        long released = ended.stream().filter(SeatReleased.class::isInstance).count();
        for (long i = 0; i < released; i++) {
            counters.cancelled(i < bookings);
        }
        log.info("schedule {} cancelled: {} holds and {} bookings cancelled", event.scheduleId(), released - bookings,
                bookings);
    }
}
