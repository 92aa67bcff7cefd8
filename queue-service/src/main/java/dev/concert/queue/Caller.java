package dev.concert.queue;

import java.util.UUID;

/**
 * Who is asking: the user, the queue token they present (verified by the gateway or by queue-service) and the room
 * it queues in.
 */
public record Caller(UUID userId, UUID tokenId, UUID room) {
}
