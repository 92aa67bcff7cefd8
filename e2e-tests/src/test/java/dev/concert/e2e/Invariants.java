package dev.concert.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * docs/design.md §6 checked against the databases themselves (each service's own schema, read-only). Used by the
 * end-to-end tests and the load and fault run.
 */
public final class Invariants {

    private final String suffix;

    /** {@code suffix} is the stack's database suffix: "e2e" reads concert_e2e, ..., "db" reads concert_db. */
    public Invariants(String suffix) {
        this.suffix = suffix;
    }

    /** Name of each invariant → the violations found (empty when it holds). */
    public Map<String, List<String>> check() {
        Map<String, List<String>> results = new LinkedHashMap<>();
        results.put("a seat is held or booked by at most one reservation", query("reservation", """
                SELECT CONCAT(seat_id, ' x', COUNT(*)) FROM reservation
                WHERE status IN ('HELD', 'CONFIRMED') GROUP BY seat_id HAVING COUNT(*) > 1"""));
        results.put("a booked seat belongs to its confirmed reservation", query("reservation", """
                SELECT s.id FROM seat s LEFT JOIN reservation r ON r.id = s.reservation_id
                WHERE s.status = 'BOOKED' AND (r.id IS NULL OR r.status <> 'CONFIRMED' OR r.seat_id <> s.id)"""));
        results.put("the wallet ledger explains every balance", query("wallet", """
                SELECT CONCAT(w.user_id, ' balance ', w.balance, ' ledger ', COALESCE(SUM(CASE l.kind
                    WHEN 'CHARGE' THEN l.amount WHEN 'REFUND' THEN l.amount WHEN 'DEBIT' THEN -l.amount END), 0))
                FROM wallet w LEFT JOIN wallet_ledger l ON l.user_id = w.user_id
                GROUP BY w.user_id, w.balance
                HAVING w.balance <> COALESCE(SUM(CASE l.kind WHEN 'CHARGE' THEN l.amount WHEN 'REFUND' THEN l.amount
                    WHEN 'DEBIT' THEN -l.amount END), 0)"""));
        results.put("charged = balances + completed payments", moneyBalance());
        // across two services' schemas (same server): a debit ends in a booking made with that very payment, or is
        // given back; a debit that ended neither way is money taken for nothing
        results.put("no DEBIT without a CONFIRMED reservation or a REFUND", query("wallet", """
                SELECT CONCAT('payment ', d.payment_id, ' reservation ', COALESCE(d.reservation_id, '-'), ' ',
                    COALESCE(r.status, 'unknown'), ' by ', COALESCE(r.payment_id, '-'))
                FROM wallet_ledger d LEFT JOIN reservation_%s.reservation r ON r.id = d.reservation_id
                WHERE d.kind = 'DEBIT'
                AND NOT COALESCE(r.status = 'CONFIRMED' AND (r.payment_id IS NULL OR r.payment_id = d.payment_id), FALSE)
                AND NOT EXISTS (SELECT 1 FROM wallet_ledger f WHERE f.payment_id = d.payment_id AND f.kind = 'REFUND')"""
                .formatted(suffix)));
        results.put("every payment reached a final state", query("payment", """
                SELECT CONCAT(payment_id, ' ', status) FROM payment
                WHERE status = 'PENDING' AND created_at < CURRENT_TIMESTAMP(6) - INTERVAL 60 SECOND"""));
        results.put("unpaid holds are released within hold time + one job period", query("reservation", """
                SELECT id FROM reservation WHERE status = 'HELD'
                AND COALESCE(payment_pending_until, expires_at) < CURRENT_TIMESTAMP(6) - INTERVAL 15 SECOND"""));
        return results;
    }

    private List<String> moneyBalance() {
        long charged = single("wallet", "SELECT COALESCE(SUM(amount), 0) FROM wallet_ledger WHERE kind = 'CHARGE'");
        long balances = single("wallet", "SELECT COALESCE(SUM(balance), 0) FROM wallet");
        long completed = single("payment", "SELECT COALESCE(SUM(amount), 0) FROM payment WHERE status = 'COMPLETED'");
        return charged == balances + completed ? List.of()
                : List.of("charged " + charged + " != balances " + balances + " + completed payments " + completed);
    }

    public long single(String service, String sql) {
        List<String> rows = query(service, sql);
        return rows.isEmpty() || rows.getFirst() == null ? 0 : Long.parseLong(rows.getFirst());
    }

    public List<String> query(String service, String sql) {
        String url = "jdbc:mysql://127.0.0.1:3306/" + service + "_" + suffix + "?connectionTimeZone=UTC";
        try (Connection c = DriverManager.getConnection(url, "root", "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("invariant query on " + service + " failed: " + e.getMessage(), e);
        }
    }
}
