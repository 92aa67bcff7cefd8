package dev.concert.events;

import java.time.Instant;
import java.util.UUID;

/**
 * What travels on Kafka: {@code {eventId, type, version, occurredAt, key, payload}}. The payload stays raw JSON
 * here so that a consumer decides whether it understands the type before binding it.
 */
public record EventEnvelope(UUID eventId, String type, int version, Instant occurredAt, String key,
                            String payloadJson) {
}
