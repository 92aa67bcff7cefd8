package dev.concert.payment.reservationview;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.platform.persistence.WrittenAtCommit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reservation_view table. Events of one reservation arrive in order (one partition), but a row may also come
 * from the synchronous fallback, before or after them: so an end (CONFIRMED, RELEASED) is never turned back into
 * HELD, and what reservation-service announced wins over what it answered earlier; a booking ends RELEASED only when
 * its owner cancels it.
 */
@Repository
public class ReservationViews {

    /** Rows per statement: a few KB each chunk, far below any server's packet limit. */
    static final int ROWS_PER_STATEMENT = 200;

    private final JdbcClient jdbc;
    private final WrittenAtCommit<ReservationView> heard = new WrittenAtCommit<>(this::write);

    public ReservationViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ReservationView> find(UUID reservationId) {
        heard.flush();
        return jdbc.sql("""
                        SELECT reservation_id, user_id, schedule_id, seat_id, seat_number, price, status, expires_at
                        FROM reservation_view WHERE reservation_id = :id""")
                .param("id", reservationId.toString())
                .query(ReservationViews::view)
                .optional();
    }

    /** A hold as announced: the row, unless one exists already (an answer of the fallback got there first). */
    public void held(SeatHeld e) {
        heard.add(new ReservationView(e.reservationId(), e.userId(), e.scheduleId(), e.seatId(), e.seatNumber(),
                e.price(), HoldStatus.HELD, e.expiresAt()));
    }

    /** Booked is the last word on a reservation, whatever was heard before. */
    public void confirmed(ReservationConfirmed e) {
        heard.add(new ReservationView(e.reservationId(), e.userId(), e.scheduleId(), e.seatId(), null, e.amount(),
                HoldStatus.CONFIRMED, null));
    }

    /**
     * The hold ended without a booking, or its owner or the date's cancellation cancelled the booking (reason CANCELLED
     * or SCHEDULE_CANCELLED, the one event that comes after a booking of the same reservation, in order on its
     * partition): no payment can start for it any more. Rare, so written at once, after what was heard before it.
     */
    public void released(SeatReleased e) {
        heard.flush();
        jdbc.sql("""
                        INSERT INTO reservation_view (reservation_id, user_id, schedule_id, seat_id, status)
                        VALUES (:id, :userId, :scheduleId, :seatId, 'RELEASED')
                        ON DUPLICATE KEY UPDATE
                            status = IF(status = 'HELD' OR (status = 'CONFIRMED' AND :cancelled = 1), 'RELEASED',
                                        status),
                                                updated_at = CURRENT_TIMESTAMP(6)""")
                .param("cancelled", e.reason() != null && e.reason().isCancellation() ? 1 : 0)
                .param("id", e.reservationId().toString())
                .param("userId", e.userId().toString())
                .param("scheduleId", text(e.scheduleId()))
                .param("seatId", text(e.seatId()))
                .update();
    }

    /**
     * The holds and bookings a transaction heard, in one statement at its commit (a poll of the saga's listener
     * carries a dozen of each). The rows go in the order they were heard, and the server applies a multi-row insert
     * row by row, so a hold and its booking in one poll end CONFIRMED: a HELD row never changes an existing row, a
     * CONFIRMED row always makes it CONFIRMED.
     */
    private void write(List<ReservationView> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<ReservationView> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            List<Object> values = new ArrayList<>(chunk.size() * 8);
            for (ReservationView row : chunk) {
                Collections.addAll(values, row.reservationId().toString(), row.userId().toString(),
                        text(row.scheduleId()), text(row.seatId()), row.seatNumber(), row.price(), row.status().name(),
                        epochSeconds(row.expiresAt()));
            }
            jdbc.sql("INSERT INTO reservation_view (reservation_id, user_id, schedule_id, seat_id, seat_number, price,"
                            + " status, expires_at) VALUES "
                            + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?, ?, FROM_UNIXTIME(?))"))
                            + " ON DUPLICATE KEY UPDATE"
                            + " updated_at = IF(VALUES(status) = 'CONFIRMED', CURRENT_TIMESTAMP(6), updated_at),"
                            + " status = IF(VALUES(status) = 'CONFIRMED', 'CONFIRMED', status)")
                    .params(values)
                    .update();
        }
    }

    /** Inserts the reservation unless a row for it exists already (an event or an earlier answer got there first). */
    public void remember(ReservationView view) {
        heard.flush();
        jdbc.sql("""
                        INSERT INTO reservation_view (reservation_id, user_id, schedule_id, seat_id, seat_number, price,
                                                      status, expires_at)
                        VALUES (:id, :userId, :scheduleId, :seatId, :seatNumber, :price, :status, FROM_UNIXTIME(:expiresAt))
                        ON DUPLICATE KEY UPDATE reservation_id = reservation_id""")
                .param("id", view.reservationId().toString())
                .param("userId", view.userId().toString())
                .param("scheduleId", text(view.scheduleId()))
                .param("seatId", text(view.seatId()))
                .param("seatNumber", view.seatNumber())
                .param("price", view.price())
                .param("status", view.status().name())
                .param("expiresAt", epochSeconds(view.expiresAt()))
                .update();
    }

    /**
     * Seconds since the epoch with microseconds, for FROM_UNIXTIME. Connector/J takes MariaDB for MySQL 5.5 and drops
     * the fraction of a bound Timestamp; a hold's end must not move by up to a second.
     */
    static BigDecimal epochSeconds(Instant at) {
        if (at == null) {
            return null;
        }
        return BigDecimal.valueOf(at.getEpochSecond()).add(BigDecimal.valueOf(at.getNano() / 1_000, 6));
    }

    private static ReservationView view(ResultSet rs, int row) throws SQLException {
        Timestamp expires = rs.getTimestamp("expires_at");
        long price = rs.getLong("price");
        boolean priceKnown = !rs.wasNull();
        int seatNumber = rs.getInt("seat_number");
        boolean seatKnown = !rs.wasNull();
        return new ReservationView(UUID.fromString(rs.getString("reservation_id")),
                UUID.fromString(rs.getString("user_id")), uuid(rs.getString("schedule_id")),
                uuid(rs.getString("seat_id")), seatKnown ? seatNumber : null, priceKnown ? price : null,
                HoldStatus.valueOf(rs.getString("status")), expires == null ? null : expires.toInstant());
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
