package dev.concert.platform.messaging;

import dev.concert.events.EventEnvelope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Idempotent consumption: a handler's effects and the record "consumer X processed event E" commit together, so a
 * redelivered event (rebalance, retry, relay resend) is applied once.
 */
public class EventInbox {

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    public EventInbox(JdbcClient jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Runs {@code effect} in a transaction unless this consumer already processed the event; true if it ran. */
    public boolean applyOnce(String consumer, EventEnvelope envelope, Runnable effect) {
        Boolean applied = tx.execute(status -> {
            // the primary key makes a concurrent second delivery wait for the first and then see the duplicate
            int inserted = jdbc.sql("""
                            INSERT IGNORE INTO processed_event (consumer, event_id, event_type)
                            VALUES (:consumer, :eventId, :type)""")
                    .param("consumer", consumer)
                    .param("eventId", envelope.eventId().toString())
                    .param("type", envelope.type())
                    .update();
            if (inserted == 0) {
                return false;
            }
            effect.run();
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }
}
