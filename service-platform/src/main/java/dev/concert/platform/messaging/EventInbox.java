package dev.concert.platform.messaging;

import java.util.List;

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

    /** One event to apply once: its envelope (the event id) and what applying it does. */
    public record Delivery(EventEnvelope envelope, Runnable effect) {
    }

    /**
     * Why {@link #applyAllOnce} did not commit: the delivery at {@code index} failed (every effect before it was rolled
     * back with it), or, with {@code index} -1, the commit itself failed.
     */
    public static final class BatchNotApplied extends RuntimeException {
        private final int index;

        BatchNotApplied(int index, RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.index = index;
        }

        public int index() {
            return index;
        }

        @Override
        public synchronized RuntimeException getCause() {
            return (RuntimeException) super.getCause();
        }
    }

    /** Runs {@code effect} in a transaction unless this consumer already processed the event; true if it ran. */
    public boolean applyOnce(String consumer, EventEnvelope envelope, Runnable effect) {
        Boolean applied = tx.execute(status -> markProcessed(consumer, envelope) && run(effect));
        return Boolean.TRUE.equals(applied);
    }

    /**
     * The deliveries of one poll in one transaction: each event's marker and effects as {@link #applyOnce} writes
     * them, one commit for all (the commit, not the statements, is what a transaction per event paid for). A duplicate
     * within the list or of an earlier batch is skipped like any other. Returns how many effects ran; all or none of
     * them commit.
     *
     * @throws BatchNotApplied naming the delivery that failed, or -1 when the commit failed
     */
    public int applyAllOnce(String consumer, List<Delivery> deliveries) {
        int[] current = {-1};
        try {
            Integer applied = tx.execute(status -> {
                int ran = 0;
                for (int i = 0; i < deliveries.size(); i++) {
                    current[0] = i;
                    Delivery delivery = deliveries.get(i);
                    if (markProcessed(consumer, delivery.envelope())) {
                        delivery.effect().run();
                        ran++;
                    }
                }
                current[0] = -1; // past the last effect: what fails now is the commit
                return ran;
            });
            return applied == null ? 0 : applied;
        } catch (RuntimeException e) {
            throw new BatchNotApplied(current[0], e);
        }
    }

    private boolean markProcessed(String consumer, EventEnvelope envelope) {
        // the primary key makes a concurrent second delivery wait for the first and then see the duplicate
        return jdbc.sql("""
                        INSERT IGNORE INTO processed_event (consumer, event_id, event_type)
                        VALUES (:consumer, :eventId, :type)""")
                .param("consumer", consumer)
                .param("eventId", envelope.eventId().toString())
                .param("type", envelope.type())
                .update() == 1;
    }

    private static boolean run(Runnable effect) {
        effect.run();
        return true;
    }
}
