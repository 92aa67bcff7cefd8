package dev.concert.platform.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.platform.messaging.EventInbox.BatchNotApplied;
import dev.concert.platform.messaging.EventInbox.Delivery;

import io.micrometer.observation.ObservationRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.KafkaUtils;
import org.springframework.kafka.support.micrometer.KafkaListenerObservation;
import org.springframework.kafka.support.micrometer.KafkaRecordReceiverContext;

/**
 * The one way a service consumes events: read the envelope, skip known types its handlers do not take (before any
 * database work: on a busy topic that is most records), and apply the handler exactly once per event id through the
 * inbox. What it cannot understand is never acknowledged silently: a malformed record, a type unknown to this code
 * and a handled type in a newer version throw, and the error handler parks them ({@link FailureKind}, {@link
 * ParkedEvents}); failures of a dependency are waited out.
 * <p>
 * A polled batch is applied in one transaction ({@link #acceptAll}): one commit for the whole poll, while the inbox
 * still decides per event. When one event fails, the events before it are applied again without it and the error
 * handler is told which record failed and how ({@link RecordFailure}, a {@link BatchListenerFailedException}): it
 * commits the offsets before that record and retries or parks that record alone, as it would with one record per
 * call.
 * <p>
 * Each applied record of a sampled trace (or of none) is observed as the Kafka listener observation (the container
 * observes record listeners only), so the producer's trace continues in the consumer's spans, logs and outbox rows. A
 * record of an unsampled trace is handled without one and its traceparent passed on to the logs and outbox rows as it
 * came ({@link InboundTraceParent}), unless {@link #observingEveryRecord()}.
 * <p>
 * A service without a database (queue-service) consumes without an inbox: its handlers must be idempotent on their
 * own.
 */
public class InboundEvents {

    private static final Logger log = LoggerFactory.getLogger(InboundEvents.class);

    private final EventCodec codec;
    private final EventInbox inbox;
    private final ObservationRegistry observations;
    private final boolean observeUnsampled;

    public InboundEvents(EventCodec codec, EventInbox inbox, ObservationRegistry observations) {
        this(codec, inbox, observations, false);
    }

    private InboundEvents(EventCodec codec, EventInbox inbox, ObservationRegistry observations,
                          boolean observeUnsampled) {
        this.codec = codec;
        this.inbox = inbox;
        this.observations = observations;
        this.observeUnsampled = observeUnsampled;
    }

    /**
     * The same, observing records of unsampled traces too: for handlers whose own client calls are observed (Redis
     * through Lettuce), which without a current span would each start a new trace of their own.
     */
    public InboundEvents observingEveryRecord() {
        return new InboundEvents(codec, inbox, observations, true);
    }

    public InboundEvents(EventCodec codec, EventInbox inbox) {
        this(codec, inbox, ObservationRegistry.NOOP);
    }

    /** Consumption for handlers that are idempotent by themselves. */
    public static InboundEvents withoutInbox(EventCodec codec, ObservationRegistry observations) {
        return new InboundEvents(codec, null, observations);
    }

    public static InboundEvents withoutInbox(EventCodec codec) {
        return withoutInbox(codec, ObservationRegistry.NOOP);
    }

    /** A record these handlers take, read: its place in the polled batch, its envelope and its event. */
    private record Taken(int index, ConsumerRecord<String, String> record, EventEnvelope envelope,
                         DomainEvent event) {
    }

    /**
     * One polled batch, in order. Records before an unreadable one are applied, then the unreadable one is reported
     * by its index; so is a record whose handler failed.
     *
     * @throws BatchListenerFailedException naming the first record that could not be applied
     */
    public void acceptAll(List<ConsumerRecord<String, String>> records, EventHandlers handlers) {
        List<Taken> taken = new ArrayList<>(records.size());
        RuntimeException unreadable = null;
        int unreadableAt = -1;
        for (int i = 0; i < records.size() && unreadable == null; i++) {
            try {
                read(records.get(i), i, handlers).ifPresent(taken::add);
            } catch (RuntimeException e) {
                unreadable = e;
                unreadableAt = i;
            }
        }
        if (inbox == null) {
            for (Taken t : taken) {
                try {
                    observed(t, handlers, () -> handlers.dispatch(t.event(), t.envelope()));
                } catch (RuntimeException e) {
                    throw failed(t, e);
                }
            }
        } else {
            applyInBatches(taken, handlers);
        }
        if (unreadable != null) {
            throw RecordFailure.of(unreadable, unreadableAt);
        }
    }

    private void applyInBatches(List<Taken> taken, EventHandlers handlers) {
        List<Taken> todo = taken;
        Taken failedOne = null;
        RuntimeException failure = null;
        while (!todo.isEmpty()) {
            try {
                inbox.applyAllOnce(handlers.consumer(), deliveries(todo, handlers));
                break;
            } catch (BatchNotApplied e) {
                if (e.index() < 0) {
                    // the markers written together or the commit failed, so which event caused it is unknown: one
                    // transaction per event tells
                    for (Taken t : todo) {
                        try {
                            applyOne(t, handlers);
                        } catch (RuntimeException one) {
                            throw failed(t, one);
                        }
                    }
                    break;
                }
                failedOne = todo.get(e.index());
                failure = e.getCause();
                // the events before it were rolled back with it: they go again, without it
                todo = todo.subList(0, e.index());
            }
        }
        if (failedOne != null) {
            throw failed(failedOne, failure);
        }
    }

    private List<Delivery> deliveries(List<Taken> todo, EventHandlers handlers) {
        List<Delivery> deliveries = new ArrayList<>(todo.size());
        for (Taken t : todo) {
            deliveries.add(new Delivery(t.envelope(), () -> observed(t, handlers,
                    () -> handlers.dispatch(t.event(), t.envelope()))));
        }
        return deliveries;
    }

    private static RecordFailure failed(Taken t, RuntimeException cause) {
        return RecordFailure.of(cause, t.index());
    }

    /** One record on its own (a record listener): returns true when a handler ran, false for a duplicate or a skip. */
    public boolean accept(ConsumerRecord<String, String> record, EventHandlers handlers) {
        Optional<Taken> taken = read(record, 0, handlers);
        if (taken.isEmpty()) {
            return false;
        }
        if (inbox == null) {
            observed(taken.get(), handlers, () -> handlers.dispatch(taken.get().event(), taken.get().envelope()));
            return true;
        }
        return applyOne(taken.get(), handlers);
    }

    private boolean applyOne(Taken t, EventHandlers handlers) {
        boolean applied = inbox.applyOnce(handlers.consumer(), t.envelope(),
                () -> observed(t, handlers, () -> handlers.dispatch(t.event(), t.envelope())));
        if (!applied) {
            log.debug("duplicate {} {} ignored by {}", t.envelope().type(), t.envelope().eventId(),
                    handlers.consumer());
        }
        return applied;
    }

    /** The record read, or empty when these handlers do not take its type; throws when it cannot be understood. */
    private Optional<Taken> read(ConsumerRecord<String, String> record, int index, EventHandlers handlers) {
        EventEnvelope envelope = codec.fromJson(record.value());
        Optional<EventType> type = EventType.byWireName(envelope.type());
        if (type.isEmpty()) {
            // a newer producer's type: maybe this consumer should take part, so it waits for the upgrade and a replay
            throw new UnreadableEvent(ParkReason.UNKNOWN_TYPE, handlers.consumer() + " does not know event type "
                    + envelope.type() + " (event " + envelope.eventId() + ")");
        }
        if (!handlers.handles(type.get().recordClass())) {
            return Optional.empty();
        }
        Optional<DomainEvent> event = codec.payloadOf(envelope);
        if (event.isEmpty()) {
            throw new UnreadableEvent(ParkReason.NEWER_VERSION, handlers.consumer() + " reads " + envelope.type()
                    + " up to v" + type.get().version() + ", got v" + envelope.version() + " (event "
                    + envelope.eventId() + ")");
        }
        return Optional.of(new Taken(index, record, envelope, event.get()));
    }

    /**
     * Runs the handler as Spring Kafka's listener observation of this record, a span continuing its traceparent; a
     * record of an unsampled trace is handled without one, its traceparent passed on as it came (InboundTraceParent).
     */
    private void observed(Taken t, EventHandlers handlers, Runnable work) {
        String traceParent = InboundTraceParent.of(t.record());
        if (observations.isNoop() || (!observeUnsampled && InboundTraceParent.unsampled(traceParent))) {
            InboundTraceParent.during(traceParent, work);
            return;
        }
        String group = KafkaUtils.getConsumerGroupId();
        KafkaListenerObservation.LISTENER_OBSERVATION.observation(null,
                        KafkaListenerObservation.DefaultKafkaListenerObservationConvention.INSTANCE,
                        () -> new KafkaRecordReceiverContext(t.record(), handlers.consumer(), handlers.consumer(),
                                group == null ? "" : group, () -> null),
                        observations)
                .observe(work);
    }
}
