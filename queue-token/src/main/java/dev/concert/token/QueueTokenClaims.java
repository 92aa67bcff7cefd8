package dev.concert.token;

import java.time.Instant;
import java.util.UUID;

/** What a queue token says: whose it is, which token it is, its place in the queue and its lifetime. */
public record QueueTokenClaims(UUID userId, UUID tokenId, long queueOrder, Instant issuedAt, Instant expiresAt) {
}
