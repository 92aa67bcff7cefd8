package dev.concert.concert.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.UUID;

import dev.concert.events.ScheduleOpened;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The catalog_seat table: written once per schedule, all seats in one statement, never changed. */
@Repository
class CatalogSeatStore {

    private final JdbcClient jdbc;

    CatalogSeatStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(UUID scheduleId, List<ScheduleOpened.CatalogSeat> seats) {
        StringJoiner values = new StringJoiner(", ");
        List<Object> params = new ArrayList<>();
        for (ScheduleOpened.CatalogSeat seat : seats) {
            values.add("(?, ?, ?, ?, ?)");
            params.add(seat.seatId().toString());
            params.add(scheduleId.toString());
            params.add(seat.seatNumber());
            params.add(seat.grade());
            params.add(seat.price());
        }
        jdbc.sql("INSERT INTO catalog_seat (id, schedule_id, seat_number, grade, price) VALUES " + values)
                .params(params)
                .update();
    }
}
