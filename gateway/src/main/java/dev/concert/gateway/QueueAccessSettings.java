package dev.concert.gateway;

import java.time.Duration;
import java.util.List;

import dev.concert.token.ConfiguredKey;
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

    public record Token(@DefaultValue("k1") String activeKeyId, List<ConfiguredKey> keys) {

        /** Read the same way as queue-service reads them (queue-token). */
        public SigningKeys signingKeys() {
            return SigningKeys.fromConfiguration(activeKeyId, keys);
        }
    }

    public record Active(@DefaultValue("PT10M") Duration idleTimeout) {
    }
}
