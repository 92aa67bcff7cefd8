package dev.concert.reservation.hold;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of taking a hold and of reading reservations. */
@Repository
public class HoldRepository {

    /** A seat with the sale window of its schedule: everything a hold checks before its transaction. */
    public record SeatForSale(UUID seatId, UUID scheduleId, int seatNumber, long price, Instant saleOpensAt,
                              Instant saleClosesAt, Instant startsAt) {

        public boolean onSaleAt(Instant now) {
            return !now.isBefore(saleOpensAt) && now.isBefore(saleClosesAt) && now.isBefore(startsAt);
        }
    }

    private static final String COLUMNS = """
            id, user_id, schedule_id, seat_id, seat_number, price, status, created_at, expires_at,
            payment_pending_until, payment_id, confirmed_at, released_at""";

    private final JdbcClient jdbc;

    public HoldRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SeatForSale> seatForSale(UUID seatId) {
        return jdbc.sql("""
                        SELECT s.id, s.schedule_id, s.seat_number, s.price, sc.sale_opens_at, sc.sale_closes_at,
                               sc.starts_at
                        FROM seat s JOIN schedule sc ON sc.id = s.schedule_id WHERE s.id = :id""")
                .param("id", seatId.toString())
                .query((rs, n) -> new SeatForSale(UUID.fromString(rs.getString(1)), UUID.fromString(rs.getString(2)),
                        rs.getInt(3), rs.getLong(4), instant(rs, 5), instant(rs, 6), instant(rs, 7)))
                .optional();
    }

    public boolean scheduleExists(UUID scheduleId) {
        return jdbc.sql("SELECT COUNT(*) FROM schedule WHERE id = :id").param("id", scheduleId.toString())
                .query(Integer.class).single() > 0;
    }

    /**
     * Takes (or creates) the user's lock row. Until the transaction ends, other holds of the same user wait here, so
     * counting the user's live holds and adding one cannot interleave; holds of other users are not affected.
     */
    public void lockOwner(UUID userId, Instant now) {
        jdbc.sql("""
                        INSERT INTO hold_owner (user_id, last_hold_at) VALUES (:user, :now)
                        ON DUPLICATE KEY UPDATE last_hold_at = :now""")
                .param("user", userId.toString())
                .param("now", Timestamp.from(now))
                .update();
    }

    /** Live holds of a user: the rule of {@link HoldPolicy#isLive} in SQL. */
    public int countLiveHolds(UUID userId, Instant now) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM reservation
                        WHERE user_id = :user AND status = 'HELD'
                          AND (expires_at > :now OR payment_pending_until > :now)""")
                .param("user", userId.toString())
                .param("now", Timestamp.from(now))
                .query(Integer.class).single();
    }

    /**
     * The hold itself: one conditional update. Of any number of concurrent callers (on any instance) exactly one
     * finds the seat AVAILABLE; the database's row lock decides, nothing is read first.
     */
    public boolean takeSeat(UUID seatId, UUID reservationId) {
        return jdbc.sql("""
                        UPDATE seat SET status = 'HELD', reservation_id = :reservation
                        WHERE id = :seat AND status = 'AVAILABLE'""")
                .param("reservation", reservationId.toString())
                .param("seat", seatId.toString())
                .update() == 1;
    }

    public void insert(Reservation r) {
        jdbc.sql("""
                        INSERT INTO reservation (id, user_id, schedule_id, seat_id, seat_number, price, status,
                                                 created_at, expires_at)
                        VALUES (:id, :user, :schedule, :seat, :number, :price, :status, :created, :expires)""")
                .param("id", r.id().toString())
                .param("user", r.userId().toString())
                .param("schedule", r.scheduleId().toString())
                .param("seat", r.seatId().toString())
                .param("number", r.seatNumber())
                .param("price", r.price())
                .param("status", r.status().name())
                .param("created", Timestamp.from(r.createdAt()))
                .param("expires", Timestamp.from(r.expiresAt()))
                .update();
    }

    public Optional<Reservation> find(UUID reservationId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reservation WHERE id = :id")
                .param("id", reservationId.toString())
                .query(HoldRepository::reservation)
                .optional();
    }

    public List<Reservation> ofUser(UUID userId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM reservation WHERE user_id = :user ORDER BY created_at DESC, id LIMIT :limit")
                .param("user", userId.toString())
                .param("limit", limit)
                .query(HoldRepository::reservation)
                .list();
    }

    public static Reservation reservation(ResultSet rs, int row) throws SQLException {
        return new Reservation(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("user_id")),
                UUID.fromString(rs.getString("schedule_id")), UUID.fromString(rs.getString("seat_id")),
                rs.getInt("seat_number"), rs.getLong("price"), ReservationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "payment_pending_until"),
                uuid(rs, "payment_id"), instant(rs, "confirmed_at"), instant(rs, "released_at"));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static UUID uuid(ResultSet rs, String column) throws SQLException {
        String s = rs.getString(column);
        return s == null ? null : UUID.fromString(s);
    }
}
