package dev.concert.platform.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Base of a service's Kafka listener. The subclass registers its handlers and declares its listener method, which
 * only calls {@link #consume}:
 * <pre>
 * &#64;KafkaListener(id = "...", topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}")
 * void on(ConsumerRecord&lt;String, String&gt; record) { consume(record); }
 * </pre>
 * Decoding, skipping types it does not handle, the inbox (each event applied once), retries and dead letters are
 * the platform's; the subclass holds no logic.
 */
public abstract class EventConsumer {

    private final InboundEvents inbound;
    private final EventHandlers handlers;

    protected EventConsumer(InboundEvents inbound, EventHandlers handlers) {
        this.inbound = inbound;
        this.handlers = handlers;
    }

    public EventHandlers handlers() {
        return handlers;
    }

    /** For the listener annotation: the topics of the handled types. */
    public String[] topics() {
        return handlers.topics();
    }

    protected final void consume(ConsumerRecord<String, String> record) {
        inbound.accept(record, handlers);
    }
}
