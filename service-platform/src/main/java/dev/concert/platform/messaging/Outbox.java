package dev.concert.platform.messaging;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.platform.persistence.WrittenAtCommit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written to {@code outbox_event} in the same database transaction as the
 * state change it describes, so it is published if and only if that change commits.
 * <p>
 * The rows of one transaction are written together, in one multi-row insert just before it commits, in the order
 * they were appended, so their ids keep that order ({@link WrittenAtCommit}: a nested transaction's events are its
 * own, a failing insert fails the commit).
 */
public class Outbox {

    /** Rows per insert statement: a few hundred KB at most, far below any server's packet limit. */
    static final int ROWS_PER_STATEMENT = 200;

    private final JdbcClient jdbc;
    private final EventCodec codec;
    private final OutboxRelay relay;
    private final Supplier<String> currentTraceParent;
    private final WrittenAtCommit<Row> rows = new WrittenAtCommit<>(this::insert);

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
        rows.add(new Row(envelope.eventId().toString(), EventType.of(event).topic(), envelope.key(), envelope.type(),
                codec.toJson(envelope), currentTraceParent.get()));
        return envelope;
    }

    private record Row(String eventId, String topic, String key, String type, String json, String traceParent) {
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
        // publish right after the commit instead of waiting for the relay's next poll
        AfterCommit.run(relay::wakeUp);
    }
}
