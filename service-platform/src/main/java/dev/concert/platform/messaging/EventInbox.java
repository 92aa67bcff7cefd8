package dev.concert.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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
     * back with it), or, with {@code index} -1, the markers written together or the commit failed.
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
     * them commit. A poll of {@value #MARKED_TOGETHER} or more events has its markers written together (one read of
     * those already processed, one insert of the rest) instead of one statement per event: the listener's thread
     * waits for every round trip in turn.
     *
     * @throws BatchNotApplied naming the delivery that failed, or -1 when writing the markers together or the commit
     *                         failed (a concurrent delivery of one of the events, a deadlock between two of them)
     */
    public int applyAllOnce(String consumer, List<Delivery> deliveries) {
        int[] current = {-1};
        try {
            Integer applied = tx.execute(status -> {
                Set<String> unmarked = deliveries.size() >= MARKED_TOGETHER ? markNew(consumer, deliveries) : null;
                int ran = 0;
                for (int i = 0; i < deliveries.size(); i++) {
                    current[0] = i;
                    Delivery delivery = deliveries.get(i);
                    boolean firstTime = unmarked == null ? markProcessed(consumer, delivery.envelope())
                            : unmarked.remove(delivery.envelope().eventId().toString());
                    if (firstTime) {
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

    /** From this many events on, a poll's markers are written in two statements rather than one per event. */
    static final int MARKED_TOGETHER = 3;

    /**
     * Marks the deliveries' events this consumer has not processed yet, in two statements, and returns their ids (each
     * once, also when it came twice). A concurrent delivery of one of them makes the insert wait for it and then fail
     * on the primary key; the caller then applies the poll event by event, where the marker decides as ever. The rows
     * go in id order, so two consumers writing overlapping polls take their locks in the same order.
     */
    private Set<String> markNew(String consumer, List<Delivery> deliveries) {
        Map<String, String> types = new TreeMap<>();
        for (Delivery delivery : deliveries) {
            types.putIfAbsent(delivery.envelope().eventId().toString(), delivery.envelope().type());
        }
        jdbc.sql("SELECT event_id FROM processed_event WHERE consumer = :consumer AND event_id IN (:ids)")
                .param("consumer", consumer)
                .param("ids", List.copyOf(types.keySet()))
                .query(String.class)
                .list()
                .forEach(types::remove);
        if (!types.isEmpty()) {
            List<Object> values = new ArrayList<>(types.size() * 3);
            types.forEach((id, type) -> {
                values.add(consumer);
                values.add(id);
                values.add(type);
            });
            jdbc.sql("INSERT INTO processed_event (consumer, event_id, event_type) VALUES "
                            + String.join(", ", Collections.nCopies(types.size(), "(?, ?, ?)")))
                    .params(values)
                    .update();
        }
        return new HashSet<>(types.keySet());
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
