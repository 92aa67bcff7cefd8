package dev.concert.concert.catalog;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class CatalogRepository {

    public record Concert(UUID id, String title, String venue) {
    }

    public record ConcertSummary(UUID concertId, String title, String venue, int bookableSchedules,
                                 Instant nextStartsAt) {
    }

    public record Schedule(UUID scheduleId, UUID concertId, Instant startsAt, Instant saleOpensAt,
                           Instant saleClosesAt, int totalSeats, int availableSeats) {
    }

    private final JdbcClient jdbc;

    public CatalogRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns false if a concert with this id exists already (demo data started twice). */
    public boolean insertConcertIfAbsent(Concert concert, Instant now) {
        return jdbc.sql("INSERT IGNORE INTO concert (id, title, venue, created_at) VALUES (:id, :title, :venue, :now)")
                .param("id", concert.id().toString())
                .param("title", concert.title())
                .param("venue", concert.venue())
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    public Optional<Concert> concert(UUID concertId) {
        return jdbc.sql("SELECT id, title, venue FROM concert WHERE id = :id")
                .param("id", concertId.toString())
                .query((rs, n) -> new Concert(UUID.fromString(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    /**
     * Returns false if the schedule id, or the concert's start time, is taken already. {@code INSERT IGNORE}: two
     * instances creating the same demo schedule at once wait on the row and only one of them sees 1.
     */
    public boolean insertScheduleIfAbsent(UUID scheduleId, UUID concertId, SaleWindow window, int seats, Instant now) {
        return jdbc.sql("""
                        INSERT IGNORE INTO concert_schedule (id, concert_id, starts_at, sale_opens_at, sale_closes_at,
                                                             total_seats, available_seats, created_at)
                        VALUES (:id, :concert, :starts, :opens, :closes, :seats, :seats, :now)""")
                .param("id", scheduleId.toString())
                .param("concert", concertId.toString())
                .param("starts", Timestamp.from(window.startsAt()))
                .param("opens", Timestamp.from(window.saleOpensAt()))
                .param("closes", Timestamp.from(window.saleClosesAt()))
                .param("seats", seats)
                .param("now", Timestamp.from(now))
                .update() == 1;
    }

    public void insertSeats(UUID scheduleId, List<UUID> seatIds, SeatCatalog catalog) {
        StringJoiner values = new StringJoiner(", ");
        List<Object> params = new ArrayList<>();
        for (int i = 0; i < catalog.seats().size(); i++) {
            SeatCatalog.Seat seat = catalog.seats().get(i);
            values.add("(?, ?, ?, ?, ?)");
            params.add(seatIds.get(i).toString());
            params.add(scheduleId.toString());
            params.add(seat.seatNumber());
            params.add(seat.grade());
            params.add(seat.price());
        }
        jdbc.sql("INSERT INTO catalog_seat (id, schedule_id, seat_number, grade, price) VALUES " + values)
                .params(params)
                .update();
    }

    /** Concerts with at least one bookable date, soonest first. */
    public List<ConcertSummary> bookableConcerts(Instant now) {
        return jdbc.sql("""
                        SELECT c.id, c.title, c.venue, COUNT(*) AS bookable, MIN(s.starts_at) AS next_start
                        FROM concert c JOIN concert_schedule s ON s.concert_id = c.id
                        WHERE s.sale_opens_at <= :now AND s.sale_closes_at > :now AND s.starts_at > :now
                        GROUP BY c.id, c.title, c.venue
                        ORDER BY next_start, c.title""")
                .param("now", Timestamp.from(now))
                .query((rs, n) -> new ConcertSummary(UUID.fromString(rs.getString(1)), rs.getString(2),
                        rs.getString(3), rs.getInt(4), rs.getTimestamp(5).toInstant()))
                .list();
    }

    /** The bookable dates of a concert: the rule of {@link SaleWindow#isBookableAt} in SQL. */
    public List<Schedule> bookableSchedules(UUID concertId, Instant now) {
        return jdbc.sql("""
                        SELECT id, concert_id, starts_at, sale_opens_at, sale_closes_at, total_seats,
                               LEAST(GREATEST(available_seats, 0), total_seats) AS available_seats
                        FROM concert_schedule
                        WHERE concert_id = :concert
                          AND sale_opens_at <= :now AND sale_closes_at > :now AND starts_at > :now
                        ORDER BY starts_at""")
                .param("concert", concertId.toString())
                .param("now", Timestamp.from(now))
                .query(CatalogRepository::schedule)
                .list();
    }

    public Optional<Schedule> schedule(UUID scheduleId) {
        return jdbc.sql("""
                        SELECT id, concert_id, starts_at, sale_opens_at, sale_closes_at, total_seats,
                               LEAST(GREATEST(available_seats, 0), total_seats) AS available_seats
                        FROM concert_schedule WHERE id = :id""")
                .param("id", scheduleId.toString())
                .query(CatalogRepository::schedule)
                .optional();
    }

    private static Schedule schedule(ResultSet rs, int row) throws SQLException {
        return new Schedule(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(),
                rs.getInt(6), rs.getInt(7));
    }
}
