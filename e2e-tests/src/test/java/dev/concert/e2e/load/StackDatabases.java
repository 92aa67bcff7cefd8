package dev.concert.e2e.load;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.concert.e2e.Invariants;

/** The load stack's databases, read through the end-to-end tests' {@link Invariants}: the same queries as the tests. */
final class StackDatabases {

    private final Invariants invariants;

    StackDatabases(String suffix) {
        invariants = new Invariants(suffix);
    }

    /** Name of each invariant → the violations found (empty when it holds). */
    Map<String, List<String>> invariants() {
        return invariants.check();
    }

    /** {@code service}: concert, reservation, wallet or payment; one row per result, first column as text. */
    List<String> query(String service, String sql) {
        return invariants.query(service, sql);
    }

    long count(String service, String sql) {
        List<String> rows = query(service, sql);
        return rows.isEmpty() || rows.getFirst() == null ? 0 : Long.parseLong(rows.getFirst());
    }

    /** A payment's status straight from payment-service's table: after COMPLETED the fan's token no longer works. */
    Optional<String> paymentStatus(UUID paymentId) {
        return query("payment", "SELECT CONCAT(status, ' ', COALESCE(failure_reason, '-')) FROM payment"
                + " WHERE payment_id = '" + paymentId + "'").stream().findFirst();
    }

    /** The payment a POST with this key created, if any: the answer to a POST whose reply was lost. */
    Optional<UUID> paymentFor(UUID userId, UUID idempotencyKey) {
        return query("payment", "SELECT payment_id FROM payment WHERE user_id = '" + userId
                + "' AND idempotency_key = '" + idempotencyKey + "'").stream().findFirst().map(UUID::fromString);
    }
}
