package dev.concert.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.concert.token.SigningKey;
import dev.concert.token.SigningKeys;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the gateway shares with queue-service, under the same names and environment variables: the token keys
 * ({@code QUEUE_TOKEN_SECRET}, ...), the Redis key prefix ({@code QUEUE_KEY_PREFIX}) and the idle timeout
 * ({@code QUEUE_ACTIVE_IDLE_TIMEOUT}). Both must agree.
 */
@ConfigurationProperties("queue")
public record QueueAccessSettings(@DefaultValue("{queue}:") String keyPrefix, @DefaultValue Token token,
                                  @DefaultValue Active active) {

    public record Token(@DefaultValue("k1") String activeKeyId, List<Key> keys) {

        public SigningKeys signingKeys() {
            List<SigningKey> usable = keys == null ? List.of() : keys.stream()
                    .filter(k -> k.id() != null && !k.id().isBlank())
                    .map(k -> {
                        if (k.secret() == null || k.secret().isBlank()) {
                            throw new IllegalStateException("queue token key '" + k.id() + "' has no secret: set "
                                    + "QUEUE_TOKEN_SECRET (the same as queue-service's), or run with the 'local' "
                                    + "profile");
                        }
                        return SigningKey.of(k.id(), k.secret(), k.verifiesUntil());
                    })
                    .toList();
            if (usable.isEmpty()) {
                throw new IllegalStateException("no queue token key configured: set QUEUE_TOKEN_SECRET (the same as "
                        + "queue-service's), or run with the 'local' profile");
            }
            return new SigningKeys(activeKeyId, usable);
        }
    }

    public record Key(String id, String secret, Instant verifiesUntil) {
    }

    public record Active(@DefaultValue("PT10M") Duration idleTimeout) {
    }
}
