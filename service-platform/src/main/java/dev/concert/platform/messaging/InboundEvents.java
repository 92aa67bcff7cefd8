package dev.concert.platform.messaging;

import java.util.Optional;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way a service consumes events: read the envelope, skip known types its handlers do not take (before any
 * database work: on a busy topic that is most records), and apply the handler exactly once per event id through the
 * inbox. What it cannot understand is never acknowledged silently: a malformed record, a type unknown to this code
 * and a handled type in a newer version throw, and the error handler parks them ({@link FailureKind}, {@link
 * ParkedEvents}); failures of a dependency are waited out.
 * <p>
 * A service without a database (queue-service) consumes without an inbox: its handlers must be idempotent on their
 * own.
 */
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final EventCodec codec;
    private final EventInbox inbox;

    public InboundEvents(EventCodec codec, EventInbox inbox) {
        this.codec = codec;
        this.inbox = inbox;
    }

    /** Consumption for handlers that are idempotent by themselves. */
    public static InboundEvents withoutInbox(EventCodec codec) {
        return new InboundEvents(codec, null);
    }

    /** Returns true when a handler ran, false for a duplicate or a record these handlers do not take. */
    public boolean accept(ConsumerRecord<String, String> record, EventHandlers handlers) {
        EventEnvelope envelope = codec.fromJson(record.value());
        Optional<EventType> type = EventType.byWireName(envelope.type());
        if (type.isEmpty()) {
            // a newer producer's type: maybe this consumer should take part, so it waits for the upgrade and a replay
            throw new UnreadableEvent(ParkReason.UNKNOWN_TYPE, handlers.consumer() + " does not know event type "
                    + envelope.type() + " (event " + envelope.eventId() + ")");
        }
        if (!handlers.handles(type.get().recordClass())) {
            return false;
        }
        Optional<DomainEvent> event = codec.payloadOf(envelope);
        if (event.isEmpty()) {
            throw new UnreadableEvent(ParkReason.NEWER_VERSION, handlers.consumer() + " reads " + envelope.type()
                    + " up to v" + type.get().version() + ", got v" + envelope.version() + " (event "
                    + envelope.eventId() + ")");
        }
        if (inbox == null) {
            handlers.dispatch(event.get(), envelope);
            return true;
        }
        boolean applied = inbox.applyOnce(handlers.consumer(), envelope,
                () -> handlers.dispatch(event.get(), envelope));
        if (!applied) {
            log.debug("duplicate {} {} ignored by {}", envelope.type(), envelope.eventId(), handlers.consumer());
        }
        return applied;
    }
}
