package dev.concert.reservation.inventory;

import java.time.Clock;
import java.util.List;

import dev.concert.events.ScheduleOpened;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Step 1 of the saga: a schedule opened for sale becomes AVAILABLE seats. */
@Service
public class ScheduleInventory {

    private static final Logger log = LoggerFactory.getLogger(ScheduleInventory.class);

    private final InventoryRepository inventory;
    private final Clock clock;

    public ScheduleInventory(InventoryRepository inventory, Clock clock) {
        this.inventory = inventory;
        this.clock = clock;
    }

    /** Runs inside the inbox transaction; idempotent on the schedule and seat ids. */
    public void open(ScheduleOpened event) {
        List<ScheduleOpened.CatalogSeat> seats = event.seats() == null ? List.of() : event.seats();
        boolean newSchedule = inventory.insertSchedule(event, clock.instant());
        int created = inventory.insertSeats(event.scheduleId(), seats);
        log.info("schedule {} opened: {} of {} seats created{}", event.scheduleId(), created, seats.size(),
                newSchedule ? "" : " (schedule already known)");
    }
}
