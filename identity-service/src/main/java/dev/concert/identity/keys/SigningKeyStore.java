package dev.concert.identity.keys;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The signing_keys table. */
@Repository
public class SigningKeyStore {

    private static final String COLUMNS = "kid, private_key, public_key, created_at, retired_at";

    private final JdbcClient jdbc;

    public SigningKeyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Active keys and those retired after {@code retiredSince}, newest first. */
    public List<SigningKey> publishable(Instant retiredSince) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signing_keys WHERE retired_at IS NULL OR retired_at > ?"
                        + " ORDER BY created_at DESC").param(Timestamp.from(retiredSince))
                .query(SigningKeyStore::key).list();
    }

    public List<SigningKey> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM signing_keys ORDER BY created_at DESC")
                .query(SigningKeyStore::key).list();
    }

    /**
     * Inserts {@code key} as the active key unless there is one: instances starting together may all try, the
     * unique active slot lets exactly one succeed.
     *
     * @return whether this key was inserted
     */
    public boolean insertIfNoneActive(SigningKey key) {
        try {
            insertActive(key);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Retires the active key (if any) and makes {@code next} the active one, in one transaction. */
    @Transactional
    public void rotate(SigningKey next) {
        jdbc.sql("UPDATE signing_keys SET retired_at = ?, active_slot = NULL WHERE active_slot = 1")
                .param(Timestamp.from(next.createdAt())).update();
        insertActive(next);
    }

    private void insertActive(SigningKey key) {
        jdbc.sql("INSERT INTO signing_keys (kid, private_key, public_key, created_at, retired_at, active_slot)"
                        + " VALUES (?, ?, ?, ?, NULL, 1)")
                .params(key.kid(), key.encodedPrivateKey(), key.encodedPublicKey(), Timestamp.from(key.createdAt()))
                .update();
    }

    private static SigningKey key(ResultSet rs, int row) throws SQLException {
        Timestamp retired = rs.getTimestamp("retired_at");
        return SigningKey.decode(rs.getString("kid"), rs.getString("private_key"), rs.getString("public_key"),
                rs.getTimestamp("created_at").toInstant(), retired == null ? null : retired.toInstant());
    }
}
