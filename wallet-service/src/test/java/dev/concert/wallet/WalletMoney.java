package dev.concert.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The money invariant as the wallet sees it, for the given users only (other tests and engineers share the
 * database): everything charged is either still in a balance or was debited for a payment and not refunded.
 * Also: every wallet's balance equals the balance_after of its newest ledger row.
 */
public final class WalletMoney {

    private WalletMoney() {
    }

    public static void assertBalanced(JdbcClient jdbc, Collection<UUID> users) {
        if (users.isEmpty()) {
            return;
        }
        var ids = users.stream().map(UUID::toString).toList();
        long charged = sum(jdbc, "CHARGE", ids);
        long debited = sum(jdbc, "DEBIT", ids);
        long refunded = sum(jdbc, "REFUND", ids);
        long balances = jdbc.sql("SELECT COALESCE(SUM(balance), 0) FROM wallet WHERE user_id IN (:ids)")
                .param("ids", ids).query(Long.class).single();
        assertThat(charged).as("charged = balances + debits not refunded").isEqualTo(balances + debited - refunded);
        assertThat(refunded).as("never more refunded than debited").isLessThanOrEqualTo(debited);
        long drifting = jdbc.sql("""
                        SELECT COUNT(*) FROM wallet w WHERE w.user_id IN (:ids) AND w.balance <> COALESCE(
                          (SELECT l.balance_after FROM wallet_ledger l WHERE l.user_id = w.user_id
                           ORDER BY l.id DESC LIMIT 1), 0)""")
                .param("ids", ids).query(Long.class).single();
        assertThat(drifting).as("wallets whose balance differs from their newest ledger row").isZero();
    }

    private static long sum(JdbcClient jdbc, String kind, java.util.List<String> ids) {
        return jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM wallet_ledger WHERE kind = :kind AND user_id IN (:ids)")
                .param("kind", kind).param("ids", ids).query(Long.class).single();
    }
}
