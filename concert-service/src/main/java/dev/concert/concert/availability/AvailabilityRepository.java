package dev.concert.concert.availability;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class AvailabilityRepository {

    private final JdbcClient jdbc;

    AvailabilityRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One seat fewer; never below zero (a projection must not invent negative stock). */
    boolean seatTaken(UUID scheduleId) {
        return jdbc.sql("""
                        UPDATE concert_schedule SET available_seats = available_seats - 1
                        WHERE id = :id AND available_seats > 0""")
                .param("id", scheduleId.toString())
                .update() == 1;
    }

    /** One seat more; never above the catalog size. */
    boolean seatReturned(UUID scheduleId) {
        return jdbc.sql("""
                        UPDATE concert_schedule SET available_seats = available_seats + 1
                        WHERE id = :id AND available_seats < total_seats""")
                .param("id", scheduleId.toString())
                .update() == 1;
    }
}
