package dev.concert.identity.account;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The accounts table. Emails arrive here already normalized ({@link EmailAddress}). */
@Repository
public class Accounts {

    private final JdbcClient jdbc;

    public Accounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record StoredAccount(UUID id, String email, String passwordHash) {
    }

    /** @throws DuplicateKeyException when the email is taken: the unique key, not a prior read, decides a race */
    public void insert(UUID id, String email, String passwordHash, Instant createdAt) {
        jdbc.sql("INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?, ?, ?, ?)")
                .params(id.toString(), email, passwordHash, Timestamp.from(createdAt)).update();
    }

    public Optional<StoredAccount> findByEmail(String email) {
        return jdbc.sql("SELECT id, email, password_hash FROM accounts WHERE email = ?").param(email)
                .query((rs, row) -> new StoredAccount(UUID.fromString(rs.getString(1)), rs.getString(2),
                        rs.getString(3)))
                .optional();
    }

    public Optional<String> emailOf(String id) {
        return jdbc.sql("SELECT email FROM accounts WHERE id = ?").param(id).query(String.class).optional();
    }

    public void updatePasswordHash(UUID id, String passwordHash) {
        jdbc.sql("UPDATE accounts SET password_hash = ? WHERE id = ?").params(passwordHash, id.toString()).update();
    }
}
