package dev.concert.platform.messaging;

import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service consumes events: read the envelope, skip types it does not know, and apply the handler
 * exactly once per event id. A malformed record throws {@link dev.concert.events.EventCodec.MalformedEventException},
 * which the error handler sends straight to the dead-letter topic; any other failure is retried a bounded number of
 * times first.
 */
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final EventCodec codec;
    private final EventInbox inbox;

    public InboundEvents(EventCodec codec, EventInbox inbox) {
        this.codec = codec;
        this.inbox = inbox;
    }

    /** Returns true when the handler ran, false for a duplicate or an event this consumer does not understand. */
    public boolean accept(String consumer, ConsumerRecord<String, String> record, Consumer<DomainEvent> handler) {
        return accept(consumer, codec.fromJson(record.value()), handler);
    }

    /**
     * The same, for a consumer that reacts to some of the types on its topics only: records of the other types are
     * skipped before any database work (no transaction, no processed_event row), which on a busy topic is most of
     * them.
     */
    public boolean accept(String consumer, ConsumerRecord<String, String> record,
                          Set<Class<? extends DomainEvent>> handledTypes, Consumer<DomainEvent> handler) {
        EventEnvelope envelope = codec.fromJson(record.value());
        Optional<EventType> type = EventType.byWireName(envelope.type());
        if (type.isEmpty() || !handledTypes.contains(type.get().recordClass())) {
            return false;
        }
        return accept(consumer, envelope, handler);
    }

    private boolean accept(String consumer, EventEnvelope envelope, Consumer<DomainEvent> handler) {
        Optional<DomainEvent> event = codec.payloadOf(envelope);
        if (event.isEmpty()) {
            log.debug("skipping {} v{} ({}): not understood by {}", envelope.type(), envelope.version(),
                    envelope.eventId(), consumer);
            return false;
        }
        boolean applied = inbox.applyOnce(consumer, envelope, () -> handler.accept(event.get()));
        if (!applied) {
            log.debug("duplicate {} {} ignored by {}", envelope.type(), envelope.eventId(), consumer);
        }
        return applied;
    }
}
