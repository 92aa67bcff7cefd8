package dev.concert.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written to {@code outbox_event} in the same database transaction as the
 * state change it describes, so it is published if and only if that change commits.
 * <p>
 * The rows of one transaction are written together, in one multi-row insert just before it commits (in the order
 * they were appended, so their ids keep that order): a listener applying a poll of fifty events in one transaction
 * sends one statement for their fifty events instead of fifty round trips its thread waits for in turn. A failing
 * insert fails the commit, which rolls back the whole transaction as a failing statement would have.
 */
public class Outbox {

    /** Rows per insert statement: a few hundred KB at most, far below any server's packet limit. */
    static final int ROWS_PER_STATEMENT = 200;

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final Supplier<String> currentTraceParent;

    public Outbox(JdbcClient jdbc, EventCodec codec, OutboxRelay relay) {
        this(jdbc, codec, relay, () -> null);
    }

    public Outbox(JdbcClient jdbc, EventCodec codec, OutboxRelay relay, Supplier<String> currentTraceParent) {
        this.jdbc = jdbc;
        this.codec = codec;
        this.relay = relay;
        this.currentTraceParent = currentTraceParent;
    }

    /** Records the event; must run inside the transaction that makes the change. */
    public EventEnvelope append(DomainEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an outbox event must be written inside the transaction of its change");
        }
        EventEnvelope envelope = codec.wrap(event);
        Row row = new Row(envelope.eventId().toString(), EventType.of(event).topic(), envelope.key(),
                envelope.type(), codec.toJson(envelope), currentTraceParent.get());
        RowsToWrite pending = TransactionSynchronizationManager.isSynchronizationActive() ? rowsOfThisTransaction()
                : null;
        if (pending != null && !pending.written) {
            pending.rows.add(row);
        } else {
            // no synchronization, or appended by another synchronization after this one wrote its rows: at once
            insert(List.of(row));
        }
        return envelope;
    }

    private record Row(String eventId, String topic, String key, String type, String json, String traceParent) {
    }

    /**
     * The rows appended in the current transaction: a resource bound to the thread for it (one lookup per append, not
     * a scan of the transaction's synchronizations) and unbound by its synchronization while the transaction is
     * suspended for an inner one (REQUIRES_NEW), which then gets rows of its own, and when it completes.
     */
    private RowsToWrite rowsOfThisTransaction() {
        RowsToWrite rows = (RowsToWrite) TransactionSynchronizationManager.getResource(this);
        if (rows == null) {
            rows = new RowsToWrite(this);
            TransactionSynchronizationManager.bindResource(this, rows);
            TransactionSynchronizationManager.registerSynchronization(rows);
        }
        return rows;
    }

    // identity equality: the synchronizations of a transaction are a set
    private static final class RowsToWrite implements TransactionSynchronization {

        private final Outbox outbox;
        private final List<Row> rows = new ArrayList<>();
        // a nested transaction's savepoint: how many rows there were when it was set
        private final Map<Object, Integer> rowsAtSavepoint = new IdentityHashMap<>();
        private boolean written;

        RowsToWrite(Outbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(outbox);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(outbox, this);
        }

        @Override
        public void savepoint(Object savepoint) {
            rowsAtSavepoint.put(savepoint, rows.size());
        }

        @Override
        public void savepointRollback(Object savepoint) {
            // the events of a rolled-back nested section are rolled back with it; a savepoint set before this
            // transaction's first event (so before this synchronization) had none
            int size = rowsAtSavepoint.getOrDefault(savepoint, 0);
            rowsAtSavepoint.remove(savepoint);
            if (size < rows.size()) {
                rows.subList(size, rows.size()).clear();
            }
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            outbox.insert(rows);
            written = true;
        }

        @Override
        public void afterCommit() {
            // publish right after commit instead of waiting for the next poll
            outbox.relay.wakeUp();
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(outbox);
        }
    }

    private void insert(List<Row> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            List<Object> values = new ArrayList<>(chunk.size() * 6);
            for (Row row : chunk) {
                Collections.addAll(values, row.eventId(), row.topic(), row.key(), row.type(), row.json(),
                        row.traceParent());
            }
            jdbc.sql("INSERT INTO outbox_event (event_id, topic, event_key, event_type, envelope_json, trace_parent)"
                            + " VALUES " + String.join(", ", Collections.nCopies(chunk.size(), "(?, ?, ?, ?, ?, ?)")))
                    .params(values)
                    .update();
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            relay.wakeUp();
        }
    }
}
