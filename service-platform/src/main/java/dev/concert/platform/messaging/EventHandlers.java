package dev.concert.platform.messaging;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;

/**
 * What one consumer does with each event type it handles: a map from type to method, nothing else (in the manner of
 * Eventuate's {@code DomainEventHandlers}). The handled types and the topics to subscribe to come from the
 * registrations, so they cannot drift from what is handled.
 */
public final class EventHandlers {

    private final String consumer;
    private final Map<Class<? extends DomainEvent>, BiConsumer<DomainEvent, EventEnvelope>> byType;

    private EventHandlers(String consumer, Map<Class<? extends DomainEvent>, BiConsumer<DomainEvent, EventEnvelope>> byType) {
        this.consumer = consumer;
        this.byType = Collections.unmodifiableMap(byType);
    }

    /** Starts the handlers of {@code consumer}, the name its processed events are recorded under. */
    public static Builder of(String consumer) {
        return new Builder(consumer);
    }

    public String consumer() {
        return consumer;
    }

    public Set<Class<? extends DomainEvent>> handledTypes() {
        return byType.keySet();
    }

    /** The topics the handled types travel on, in registration order. */
    public String[] topics() {
        Set<String> topics = new LinkedHashSet<>();
        for (Class<? extends DomainEvent> type : byType.keySet()) {
            topics.add(topicOf(type));
        }
        return topics.toArray(String[]::new);
    }

    boolean handles(Class<? extends DomainEvent> type) {
        return byType.containsKey(type);
    }

    void dispatch(DomainEvent event, EventEnvelope envelope) {
        BiConsumer<DomainEvent, EventEnvelope> handler = byType.get(event.getClass());
        if (handler == null) {
            throw new IllegalArgumentException(consumer + " has no handler for " + event.getClass().getSimpleName());
        }
        handler.accept(event, envelope);
    }

    private static String topicOf(Class<? extends DomainEvent> type) {
        for (EventType t : EventType.values()) {
            if (t.recordClass() == type) {
                return t.topic();
            }
        }
        throw new IllegalArgumentException("unregistered event " + type);
    }

    public static final class Builder {

        private final String consumer;
        private final Map<Class<? extends DomainEvent>, BiConsumer<DomainEvent, EventEnvelope>> byType = new LinkedHashMap<>();

        private Builder(String consumer) {
            this.consumer = consumer;
        }

        public <E extends DomainEvent> Builder on(Class<E> type, Consumer<? super E> handler) {
            return register(type, (event, envelope) -> handler.accept(type.cast(event)));
        }

        /** For a handler that needs the envelope too (e.g. when the event happened, not when it is consumed). */
        public <E extends DomainEvent> Builder onWithEnvelope(Class<E> type,
                                                              BiConsumer<? super E, EventEnvelope> handler) {
            return register(type, (event, envelope) -> handler.accept(type.cast(event), envelope));
        }

        private Builder register(Class<? extends DomainEvent> type, BiConsumer<DomainEvent, EventEnvelope> handler) {
            topicOf(type);
            if (byType.putIfAbsent(type, handler) != null) {
                throw new IllegalStateException(consumer + " registers two handlers for " + type.getSimpleName());
            }
            return this;
        }

        public EventHandlers build() {
            if (byType.isEmpty()) {
                throw new IllegalStateException(consumer + " registers no handler");
            }
            return new EventHandlers(consumer, new LinkedHashMap<>(byType));
        }
    }
}
