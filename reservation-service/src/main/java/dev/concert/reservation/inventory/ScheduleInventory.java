package dev.concert.reservation.inventory;

import java.time.Clock;

import dev.concert.events.ScheduleOpened;
import dev.concert.reservation.reservation.Reservations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Step 1 of the saga: a schedule opened for sale becomes AVAILABLE seats. */
@Service
public class ScheduleInventory {

    private static final Logger log = LoggerFactory.getLogger(ScheduleInventory.class);

    private final Reservations reservations;
    private final Clock clock;

    ScheduleInventory(Reservations reservations, Clock clock) {
        this.reservations = reservations;
        this.clock = clock;
    }

    /** Runs inside the inbox transaction; idempotent on the schedule and seat ids. */
    public void open(ScheduleOpened event) {
        Reservations.Opened opened = reservations.open(event, clock.instant());
        log.info("schedule {} opened: {} of {} seats created{}", event.scheduleId(), opened.seatsCreated(),
                event.seats() == null ? 0 : event.seats().size(),
                opened.newSchedule() ? "" : " (schedule already known)");
    }
}
