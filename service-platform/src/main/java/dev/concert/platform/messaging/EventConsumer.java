package dev.concert.platform.messaging;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Base of a service's Kafka listener. The subclass registers its handlers and declares its listener method, a batch
 * listener (one call per poll) that only calls {@link #consume}:
 * <pre>
 * &#64;KafkaListener(id = "...", topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}",
 *         batch = "true")
 * void on(List&lt;ConsumerRecord&lt;String, String&gt;&gt; records) { consume(records); }
 * </pre>
 * Decoding, skipping types it does not handle, the inbox (each event applied once, one transaction per poll),
 * observation, retries and dead letters are the platform's ({@link InboundEvents}); the subclass holds no logic.
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

    protected final void consume(List<ConsumerRecord<String, String>> records) {
        inbound.acceptAll(records, handlers);
    }
}
