package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The money invariants (DESIGN.md §6), for the given users only: once every payment has settled for good,
 * everything charged is either still in a balance or paid for a completed payment, and every debit ended in a
 * booking or a refund.
 */
public final class PaymentMoney {

    private PaymentMoney() {
    }

    public static void assertBalanced(JdbcClient jdbc, SagaDoubles doubles, Collection<UUID> users) {
        if (users.isEmpty()) {
            return;
        }
        List<String> ids = users.stream().map(UUID::toString).toList();
        // PENDING, or FAILED after a debit with the refund still on its way, is not the end of a saga
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT COUNT(*) FROM payment WHERE user_id IN (:ids)
                        AND (status = 'PENDING' OR (status = 'FAILED' AND failure_reason <> 'INSUFFICIENT_BALANCE'))""")
                .param("ids", ids).query(Long.class).single() == 0);

        long completed = jdbc.sql("SELECT COALESCE(SUM(amount), 0) FROM payment WHERE status = 'COMPLETED' "
                + "AND user_id IN (:ids)").param("ids", ids).query(Long.class).single();
        assertThat(doubles.charged(users)).as("charged = balances + completed payments")
                .isEqualTo(doubles.balances(users) + completed);

        List<PaymentRow> payments = jdbc.sql("SELECT payment_id, status FROM payment WHERE user_id IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> new PaymentRow(UUID.fromString(rs.getString(1)), rs.getString(2))).list();
        for (PaymentRow p : payments) {
            boolean kept = doubles.wasDebited(p.id()) && !doubles.wasRefunded(p.id());
            assertThat(kept).as("payment %s (%s) keeps its debit exactly when it is COMPLETED", p.id(), p.status())
                    .isEqualTo(p.status().equals("COMPLETED"));
        }
    }

    private record PaymentRow(UUID id, String status) {
    }
}
