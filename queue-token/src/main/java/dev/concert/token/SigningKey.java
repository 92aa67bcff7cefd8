package dev.concert.token;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * One HMAC key. A retired key (after rotation) keeps verifying tokens until {@code verifiesUntil}, so rotating the
 * key does not throw every waiting user out of the queue.
 */
public record SigningKey(String id, byte[] secret, Instant verifiesUntil) {

    public SigningKey {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("a signing key needs an id");
        }
        if (secret == null || secret.length < 32) {
            throw new IllegalArgumentException("signing key '" + id + "' must have at least 32 bytes (256 bits)");
        }
    }

    public static SigningKey of(String id, String secret, Instant verifiesUntil) {
        return new SigningKey(id, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8), verifiesUntil);
    }

    boolean verifiesAt(Instant now) {
        return verifiesUntil == null || now.isBefore(verifiesUntil);
    }
}
