package dev.concert.platform.messaging;

import java.util.function.Supplier;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox: an event is written to {@code outbox_event} in the same database transaction as the
 * state change it describes, so it is published if and only if that change commits.
 */
public class Outbox {

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
        jdbc.sql("""
                        INSERT INTO outbox_event (event_id, topic, event_key, event_type, envelope_json, trace_parent)
                        VALUES (:eventId, :topic, :key, :type, :json, :traceParent)""")
                .param("eventId", envelope.eventId().toString())
                .param("topic", EventType.of(event).topic())
                .param("key", envelope.key())
                .param("type", envelope.type())
                .param("json", codec.toJson(envelope))
                .param("traceParent", currentTraceParent.get())
                .update();
        // publish right after commit instead of waiting for the next poll
        AfterCommit.run(relay::wakeUp);
        return envelope;
    }
}
