package dev.concert.wallet.wallet;

import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    int credit(UUID userId, long amount, long maxBalance) {
        return change(userId, "+", amount, " AND " + Wallet.HAS_ROOM_FOR, maxBalance);
    }

    int debit(UUID userId, long amount) {
        return change(userId, "-", amount, " AND " + Wallet.COVERS, null);
    }

    /** What was taken is owed: never refused, not even by the maximum balance. */
    int refund(UUID userId, long amount) {
        return change(userId, "+", amount, "", null);
    }

    private int change(UUID userId, String sign, long amount, String condition, Long maxBalance) {
        var statement = jdbc.sql("UPDATE wallet SET balance = balance " + sign + " :amount, "
                        + "updated_at = CURRENT_TIMESTAMP(6) WHERE user_id = :user" + condition)
                .param("amount", amount)
                .param("user", userId.toString());
        if (maxBalance != null) {
            statement = statement.param("max", maxBalance);
        }
        return statement.update();
    }
}
