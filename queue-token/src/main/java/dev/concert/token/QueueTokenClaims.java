package dev.concert.token;

import java.time.Instant;
import java.util.UUID;

/**
 * What a queue token says: whose it is, which token it is, the waiting room it queues in (the id of the schedule
 * whose sale the room protects), its place in the queue (0 while in the room's pre-queue) and its lifetime.
 */
public record QueueTokenClaims(UUID userId, UUID tokenId, UUID room, long queueOrder, Instant issuedAt,
                               Instant expiresAt) {
}
