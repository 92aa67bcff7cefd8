package dev.concert.wallet.wallet;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The wallet table; only this package writes it. A debit or credit is on the hot path of every payment, so each is
 * one plain conditional statement whose condition is written once in {@link Wallet} (through the ORM the payments
 * benchmark lost a sixth of its throughput, docs/benchmarks.md).
 */
@Repository
class WalletStore {

    private final JdbcClient jdbc;

    WalletStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Long> balanceOf(UUID userId) {
        return jdbc.sql("SELECT balance FROM wallet WHERE user_id = :user")
                .param("user", userId.toString())
                .query(Long.class)
                .optional();
    }

    void open(UUID userId) {
        jdbc.sql("INSERT IGNORE INTO wallet (user_id, balance) VALUES (:user, 0)")
                .param("user", userId.toString())
                .update();
    }

    /** The new balance, or empty when the condition refused it. */
    OptionalLong credit(UUID userId, long amount, long maxBalance) {
        return change(userId, "+", amount, " AND " + Wallet.HAS_ROOM_FOR, maxBalance);
    }

    OptionalLong debit(UUID userId, long amount) {
        return change(userId, "-", amount, " AND " + Wallet.COVERS, null);
    }

    /** What was taken is owed: never refused, not even by the maximum balance. */
    OptionalLong refund(UUID userId, long amount) {
        return change(userId, "+", amount, "", null);
    }

    /**
     * One statement that changes the balance and tells what it wrote: {@code LAST_INSERT_ID(expr)} stores the new
     * balance as the session's last insert id, which the server sends back in the update's own reply (the driver's
     * generated key), so the balance needs no second read on the saga's hot path. The driver reports no key for 0.
     */
    private OptionalLong change(UUID userId, String sign, long amount, String condition, Long maxBalance) {
        var statement = jdbc.sql("UPDATE wallet SET balance = LAST_INSERT_ID(balance " + sign + " :amount), "
                        + "updated_at = CURRENT_TIMESTAMP(6) WHERE user_id = :user" + condition)
                .param("amount", amount)
                .param("user", userId.toString());
        if (maxBalance != null) {
            statement = statement.param("max", maxBalance);
        }
        KeyHolder written = new GeneratedKeyHolder();
        if (statement.update(written) != 1) {
            return OptionalLong.empty();
        }
        List<Map<String, Object>> keys = written.getKeyList();
        return OptionalLong.of(keys.isEmpty() ? 0 : ((Number) keys.get(0).values().iterator().next()).longValue());
    }
}
