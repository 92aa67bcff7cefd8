package dev.concert.wallet.balance;

import java.util.OptionalLong;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The wallet table. Every change of a balance is one conditional UPDATE, so the rule (never below zero, never above
 * the maximum) holds however many instances and threads change the same wallet at once: the row lock orders them and
 * the WHERE clause re-checks the rule against the latest balance.
 */
@Repository
public class Wallets {

    private final JdbcClient jdbc;

    public Wallets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** 0 for a user who was never charged. */
    public long balanceOf(UUID userId) {
        return jdbc.sql("SELECT balance FROM wallet WHERE user_id = :userId")
                .param("userId", userId.toString())
                .query(Long.class)
                .optional()
                .orElse(0L);
    }

    /**
     * Makes sure the user has a wallet row. Called outside the charge transaction (auto-commit): inside it, many
     * first charges of one user would each hold a shared lock from the INSERT and deadlock upgrading it.
     */
    public void open(UUID userId) {
        jdbc.sql("INSERT IGNORE INTO wallet (user_id, balance) VALUES (:userId, 0)")
                .param("userId", userId.toString())
                .update();
    }

    /** Adds the amount unless the balance would exceed {@code maxBalance}; the new balance, or empty if refused. */
    public OptionalLong credit(UUID userId, long amount, long maxBalance) {
        int updated = jdbc.sql("""
                        UPDATE wallet SET balance = balance + :amount, updated_at = CURRENT_TIMESTAMP(6)
                        WHERE user_id = :userId AND balance + :amount <= :max""")
                .param("amount", amount)
                .param("userId", userId.toString())
                .param("max", maxBalance)
                .update();
        return updated == 1 ? OptionalLong.of(lockedBalance(userId)) : OptionalLong.empty();
    }

    /** Takes the amount unless the balance is smaller; the new balance, or empty if it would go below zero. */
    public OptionalLong debit(UUID userId, long amount) {
        int updated = jdbc.sql("""
                        UPDATE wallet SET balance = balance - :amount, updated_at = CURRENT_TIMESTAMP(6)
                        WHERE user_id = :userId AND balance >= :amount""")
                .param("amount", amount)
                .param("userId", userId.toString())
                .update();
        return updated == 1 ? OptionalLong.of(lockedBalance(userId)) : OptionalLong.empty();
    }

    /** Gives money back; never refused (not even by the maximum balance): what was taken is owed. */
    public long refund(UUID userId, long amount) {
        int updated = jdbc.sql("""
                        UPDATE wallet SET balance = balance + :amount, updated_at = CURRENT_TIMESTAMP(6)
                        WHERE user_id = :userId""")
                .param("amount", amount)
                .param("userId", userId.toString())
                .update();
        if (updated != 1) {
            throw new IllegalStateException("no wallet for user " + userId + " to refund into");
        }
        return lockedBalance(userId);
    }

    // read inside the transaction that just updated the row: it holds the row lock, so this is the balance it wrote
    private long lockedBalance(UUID userId) {
        return jdbc.sql("SELECT balance FROM wallet WHERE user_id = :userId")
                .param("userId", userId.toString())
                .query(Long.class)
                .single();
    }
}
