package dev.concert.concert.availability;

import java.util.UUID;

import dev.concert.concert.catalog.Catalog;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The seat_hold_projection table: which reservations take a seat as far as this service has heard, so each
 * reservation moves the seats-left count at most once each way, whatever the order of events across reservations.
 */
@Repository
class HoldProjectionStore {

    private final JdbcClient jdbc;
    private final Catalog catalog;

    HoldProjectionStore(JdbcClient jdbc, Catalog catalog) {
        this.jdbc = jdbc;
        this.catalog = catalog;
    }

    /** A reservation took a seat: one fewer, unless this reservation was already seen (held or released). */
    boolean seatTaken(UUID scheduleId, UUID reservationId) {
        int firstSight = jdbc.sql("""
                        INSERT IGNORE INTO seat_hold_projection (reservation_id, schedule_id, state)
                        VALUES (:reservation, :schedule, 'TAKEN')""")
                .param("reservation", reservationId.toString())
                .param("schedule", scheduleId.toString())
                .update();
        return firstSight == 1 && adjust(scheduleId, -1);
    }

    /** A reservation gave its seat back: one more, only if its hold was counted (else leave a tombstone). */
    boolean seatReturned(UUID scheduleId, UUID reservationId) {
        int released = jdbc.sql("""
                        UPDATE seat_hold_projection SET state = 'RELEASED'
                        WHERE reservation_id = :reservation AND state = 'TAKEN'""")
                .param("reservation", reservationId.toString())
                .update();
        if (released == 0) {
            jdbc.sql("""
                            INSERT IGNORE INTO seat_hold_projection (reservation_id, schedule_id, state)
                            VALUES (:reservation, :schedule, 'RELEASED')""")
                    .param("reservation", reservationId.toString())
                    .param("schedule", scheduleId.toString())
                    .update();
            return false;
        }
        return adjust(scheduleId, +1);
    }

    private boolean adjust(UUID scheduleId, int delta) {
        return catalog.adjustSeatsLeft(scheduleId, delta);
    }
}
