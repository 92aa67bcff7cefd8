package dev.concert.wallet.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The wallet_ledger table: append-only. */
@Repository
public class Ledger {

    private static final String COLUMNS = """
            entry_id, user_id, kind, amount, balance_after, payment_id, reservation_id, idempotency_key, created_at""";

    private final JdbcClient jdbc;

    public Ledger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Appends the entry. A second debit or refund of a payment, or a second charge with the same key, is a
     * DuplicateKeyException.
     */
    public void append(LedgerEntry entry) {
        jdbc.sql("""
                        INSERT INTO wallet_ledger (entry_id, user_id, kind, amount, balance_after, payment_id,
                                                   reservation_id, idempotency_key)
                        VALUES (:entryId, :userId, :kind, :amount, :balanceAfter, :paymentId, :reservationId, :key)""")
                .param("entryId", entry.entryId().toString())
                .param("userId", entry.userId().toString())
                .param("kind", entry.kind().name())
                .param("amount", entry.amount())
                .param("balanceAfter", entry.balanceAfter())
                .param("paymentId", text(entry.paymentId()))
                .param("reservationId", text(entry.reservationId()))
                .param("key", entry.idempotencyKey())
                .update();
    }

    /**
     * {@link #append}, then the entry as stored, time-stamped by the database: for an answer that shows the time (a
     * charge's receipt). The saga's entries are not read back (a statement fewer per payment).
     */
    public LedgerEntry appendAndRead(LedgerEntry entry) {
        append(entry);
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_ledger WHERE entry_id = :entryId")
                .param("entryId", entry.entryId().toString())
                .query(Ledger::entry)
                .single();
    }

    public Optional<LedgerEntry> findCharge(UUID userId, String idempotencyKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_ledger WHERE user_id = :userId AND idempotency_key = :key")
                .param("userId", userId.toString())
                .param("key", idempotencyKey)
                .query(Ledger::entry)
                .optional();
    }

    public Optional<LedgerEntry> findForPayment(UUID paymentId, EntryKind kind) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_ledger WHERE payment_id = :paymentId AND kind = :kind")
                .param("paymentId", paymentId.toString())
                .param("kind", kind.name())
                .query(Ledger::entry)
                .optional();
    }

    /** How the payment's debit was decided: its DEBIT, its VOID, or empty while undecided. */
    public Optional<LedgerEntry> decisionFor(UUID paymentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wallet_ledger WHERE payment_id = :paymentId AND kind IN (:kinds)")
                .param("paymentId", paymentId.toString())
                .param("kinds", List.of(EntryKind.DEBIT.name(), EntryKind.VOID.name()))
                .query(Ledger::entry)
                .optional();
    }

    /** Newest first (money movements only, not voided payments); one row more than asked tells whether there is a next page without counting them all. */
    public Slice history(UUID userId, TransactionPage page) {
        List<LedgerEntry> rows = jdbc.sql("SELECT " + COLUMNS + " FROM wallet_ledger WHERE user_id = :userId AND kind <> 'VOID' "
                        + "ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("userId", userId.toString())
                .param("limit", page.size() + 1)
                .param("offset", page.offset())
                .query(Ledger::entry)
                .list();
        boolean hasNext = rows.size() > page.size();
        return new Slice(hasNext ? rows.subList(0, page.size()) : rows, hasNext);
    }

    public record Slice(List<LedgerEntry> entries, boolean hasNext) {
    }

    private static LedgerEntry entry(ResultSet rs, int row) throws SQLException {
        return new LedgerEntry(UUID.fromString(rs.getString("entry_id")), UUID.fromString(rs.getString("user_id")),
                EntryKind.valueOf(rs.getString("kind")), rs.getLong("amount"), rs.getLong("balance_after"),
                uuid(rs.getString("payment_id")), uuid(rs.getString("reservation_id")),
                rs.getString("idempotency_key"), rs.getTimestamp("created_at").toInstant());
    }

    private static UUID uuid(String text) {
        return text == null ? null : UUID.fromString(text);
    }

    private static String text(UUID id) {
        return id == null ? null : id.toString();
    }
}
