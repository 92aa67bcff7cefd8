package dev.concert.token;

import java.time.Instant;

/**
 * A signing key as queue-service and the gateway are configured with it ({@code queue.token.keys[n].id},
 * {@code .secret}, {@code .verifies-until}): both bind their list to this record, so the property names are
 * defined once. {@link SigningKeys#fromConfiguration} turns the list into keys.
 */
public record ConfiguredKey(String id, String secret, Instant verifiesUntil) {
}
