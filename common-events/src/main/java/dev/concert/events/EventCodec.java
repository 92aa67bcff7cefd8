package dev.concert.events;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Turns events into envelopes and JSON and back. Thread-safe. */
public final class EventCodec {

    private final JsonMapper json;
    private final Clock clock;

    public EventCodec() {
        this(Clock.systemUTC());
    }

    public EventCodec(Clock clock) {
        this.clock = clock;
        this.json = JsonMapper.builder()
                // a newer producer may add fields: an older consumer must still read the event
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
                // a newer producer may add a reason: an older consumer reads it as null instead of failing
                .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL)
                .build();
    }

    /** A new envelope with a fresh event id for an event that just happened. */
    public EventEnvelope wrap(DomainEvent event) {
        EventType type = EventType.of(event);
        return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.version(), Instant.now(clock), event.key(),
                json.writeValueAsString(event));
    }

    public String toJson(EventEnvelope envelope) {
        ObjectNode node = json.createObjectNode();
        node.put("eventId", envelope.eventId().toString());
        node.put("type", envelope.type());
        node.put("version", envelope.version());
        node.put("occurredAt", envelope.occurredAt().toString());
        node.put("key", envelope.key());
        node.set("payload", json.readTree(envelope.payloadJson()));
        return json.writeValueAsString(node);
    }

    /** Reads an envelope; throws {@link MalformedEventException} if the JSON is not an envelope at all. */
    public EventEnvelope fromJson(String text) {
        try {
            JsonNode node = json.readTree(text);
            return new EventEnvelope(UUID.fromString(node.required("eventId").asString()),
                    node.required("type").asString(), node.path("version").asInt(1),
                    Instant.parse(node.required("occurredAt").asString()), node.path("key").asString(null),
                    json.writeValueAsString(node.required("payload")));
        } catch (RuntimeException e) {
            throw new MalformedEventException("not an event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * The event inside the envelope, or empty when this reader does not know the type or only knows an older
     * version of it (the caller parks such records: service-platform InboundEvents).
     */
    public Optional<DomainEvent> payloadOf(EventEnvelope envelope) {
        Optional<EventType> type = EventType.byWireName(envelope.type());
        if (type.isEmpty() || envelope.version() > type.get().version()) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(envelope.payloadJson(), type.get().recordClass()));
        } catch (RuntimeException e) {
            throw new MalformedEventException("payload of " + envelope.type() + " is malformed: " + e.getMessage(), e);
        }
    }

    public static final class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
