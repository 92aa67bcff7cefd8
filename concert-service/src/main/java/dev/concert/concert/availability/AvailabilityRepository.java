package dev.concert.concert.availability;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The seats-left count as a commutative counter driven by per-reservation transitions: exact once every event has
 * arrived, whatever the order across reservations (no clamping on write, which would lose a count; reads clamp).
 */
@Repository
class AvailabilityRepository {

    private final JdbcClient jdbc;

    AvailabilityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
        return jdbc.sql("UPDATE concert_schedule SET available_seats = available_seats + :delta WHERE id = :id")
                .param("delta", delta)
                .param("id", scheduleId.toString())
                .update() == 1;
    }
}
