package dev.concert.queue;

import java.util.UUID;

/** Who is asking: the user and the queue token they present (verified by the gateway or by queue-service). */
public record Caller(UUID userId, UUID tokenId) {
}
