package dev.concert.token;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The key that signs new tokens and every key still accepted for verification. */
public record SigningKeys(String activeKeyId, List<SigningKey> keys) {

    private static final String WHAT_TO_SET = "set QUEUE_TOKEN_SECRET (at least 32 bytes, the same for queue-service "
            + "and the gateway), or run with the 'local' profile";
    /**
     * What the shipped placeholders say (infra/k8s/base/config.yaml ships
     * {@code change-me-to-at-least-32-random-characters}): long enough for the 32-byte check and publicly known, so
     * a forgotten replacement must not start.
     */
    static final String PLACEHOLDER_MARKER = "change-me";

    public SigningKeys {
        keys = List.copyOf(keys);
        if (keys.stream().noneMatch(k -> k.id().equals(activeKeyId))) {
            throw new IllegalArgumentException("active signing key '" + activeKeyId + "' is not among the keys");
        }
    }

    /**
     * The keys of a queue-service or gateway configuration. An entry without an id is skipped, so that the optional
     * previous key of a rotation may stay empty; a listed key without a secret, or no key at all, fails start-up
     * with what to set.
     */
    public static SigningKeys fromConfiguration(String activeKeyId, List<ConfiguredKey> configured) {
        List<SigningKey> usable = new ArrayList<>();
        for (ConfiguredKey key : configured == null ? List.<ConfiguredKey>of() : configured) {
            if (key == null || key.id() == null || key.id().isBlank()) {
                continue;
            }
            if (key.secret() == null || key.secret().isBlank()) {
                throw new IllegalStateException("queue token key '" + key.id() + "' has no secret: " + WHAT_TO_SET);
            }
            if (isPlaceholder(key.secret())) {
                throw new IllegalStateException("queue token key '" + key.id() + "' has the shipped placeholder secret "
                        + "(it contains '" + PLACEHOLDER_MARKER + "', a publicly known value): " + WHAT_TO_SET
                        + ", e.g. from 'openssl rand -base64 48'");
            }
            usable.add(SigningKey.of(key.id(), key.secret(), key.verifiesUntil()));
        }
        if (usable.isEmpty()) {
            throw new IllegalStateException("no queue token signing key configured: " + WHAT_TO_SET);
        }
        return new SigningKeys(activeKeyId, usable);
    }

    /** A value that still says {@value #PLACEHOLDER_MARKER} (any case) is a placeholder nobody replaced. */
    static boolean isPlaceholder(String secret) {
        return secret != null && secret.toLowerCase(Locale.ROOT).contains(PLACEHOLDER_MARKER);
    }

    public SigningKey active() {
        return byId(activeKeyId).orElseThrow();
    }

    public Optional<SigningKey> byId(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
