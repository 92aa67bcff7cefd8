package dev.concert.reservation.inventory;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import dev.concert.events.ScheduleOpened;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class InventoryRepository {

    public record SeatView(UUID seatId, int seatNumber, String grade, long price, SeatStatus status) {
    }

    private final JdbcClient jdbc;

    public InventoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns true if the schedule was new. A replay (same or re-sent event) inserts nothing. */
    public boolean insertSchedule(ScheduleOpened e, Instant now) {
        return jdbc.sql("""
                        INSERT IGNORE INTO schedule (id, concert_id, starts_at, sale_opens_at, sale_closes_at, opened_at)
                        VALUES (:id, :concert, :starts, :opens, :closes, :now)""")
                .param("id", e.scheduleId().toString())
                .param("concert", e.concertId().toString())
                .param("starts", Timestamp.from(e.startsAt()))
                .param("opens", Timestamp.from(e.saleOpensAt()))
                .param("closes", Timestamp.from(e.saleClosesAt()))
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    /** All seats of the catalog in one statement; {@code INSERT IGNORE} on the seat id makes a replay a no-op. */
    public int insertSeats(UUID scheduleId, List<ScheduleOpened.CatalogSeat> seats) {
        if (seats.isEmpty()) {
            return 0;
        }
        StringJoiner values = new StringJoiner(", ");
        List<Object> params = new ArrayList<>(seats.size() * 5);
        for (ScheduleOpened.CatalogSeat seat : seats) {
            values.add("(?, ?, ?, ?, ?, 'AVAILABLE')");
            params.add(seat.seatId().toString());
            params.add(scheduleId.toString());
            params.add(seat.seatNumber());
            params.add(seat.grade());
            params.add(seat.price());
        }
        return jdbc.sql("INSERT IGNORE INTO seat (id, schedule_id, seat_number, grade, price, status) VALUES " + values)
                .params(params)
                .update();
    }

    public boolean scheduleExists(UUID scheduleId) {
        return jdbc.sql("SELECT COUNT(*) FROM schedule WHERE id = :id").param("id", scheduleId.toString())
                .query(Integer.class).single() > 0;
    }

    public Optional<List<SeatView>> seatMap(UUID scheduleId) {
        if (!scheduleExists(scheduleId)) {
            return Optional.empty();
        }
        return Optional.of(jdbc.sql("""
                        SELECT id, seat_number, grade, price, status FROM seat
                        WHERE schedule_id = :schedule ORDER BY seat_number""")
                .param("schedule", scheduleId.toString())
                .query((rs, n) -> new SeatView(UUID.fromString(rs.getString(1)), rs.getInt(2), rs.getString(3),
                        rs.getLong(4), SeatStatus.valueOf(rs.getString(5))))
                .list());
    }
}
