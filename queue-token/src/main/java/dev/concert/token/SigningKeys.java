package dev.concert.token;

import java.util.List;
import java.util.Optional;

/** The key that signs new tokens and every key still accepted for verification. */
public record SigningKeys(String activeKeyId, List<SigningKey> keys) {

    public SigningKeys {
        keys = List.copyOf(keys);
        if (keys.stream().noneMatch(k -> k.id().equals(activeKeyId))) {
            throw new IllegalArgumentException("active signing key '" + activeKeyId + "' is not among the keys");
        }
    }

    public SigningKey active() {
        return byId(activeKeyId).orElseThrow();
    }

    public Optional<SigningKey> byId(String id) {
        return keys.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
