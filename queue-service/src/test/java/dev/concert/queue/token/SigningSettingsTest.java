package dev.concert.queue.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import dev.concert.queue.QueueSettings;
import dev.concert.token.SigningKeys;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The keys bind under the names operators set (the gateway binds the same ones); how they become keys is
 * queue-token's (SigningKeysFromConfigurationTest).
 */
class SigningSettingsTest {

    private static final String OLD = "previous-secret-previous-secret-previous";
    private static final String NEW = "current-secret-current-secret-current-xx";

    private static QueueSettings fromEnvironment(Map<String, Object> variables) {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables);
        return new Binder(ConfigurationPropertySources.from(environment)).bindOrCreate("queue", QueueSettings.class);
    }

    @Test
    void a_rotation_configured_through_the_environment_gives_the_new_signing_key_and_the_previous_one_with_its_grace() {
        SigningKeys keys = fromEnvironment(Map.of(
                "QUEUE_TOKEN_ACTIVE_KEY_ID", "k2",
                "QUEUE_TOKEN_KEYS_0_ID", "k2",
                "QUEUE_TOKEN_KEYS_0_SECRET", NEW,
                "QUEUE_TOKEN_KEYS_1_ID", "k1",
                "QUEUE_TOKEN_KEYS_1_SECRET", OLD,
                "QUEUE_TOKEN_KEYS_1_VERIFIES_UNTIL", "2026-12-01T10:30:00Z")).token().signingKeys();

        assertThat(keys.active().id()).isEqualTo("k2");
        assertThat(keys.byId("k1").orElseThrow().verifiesUntil()).isEqualTo(Instant.parse("2026-12-01T10:30:00Z"));
    }

    @Test
    void start_up_fails_with_a_clear_message_when_no_secret_is_configured() {
        QueueSettings settings = fromEnvironment(Map.of("QUEUE_TOKEN_KEYS_0_ID", "k1",
                "QUEUE_TOKEN_KEYS_0_SECRET", ""));

        assertThatThrownBy(() -> settings.token().signingKeys()).hasMessageContaining("QUEUE_TOKEN_SECRET");
        assertThatThrownBy(() -> fromEnvironment(Map.of()).token().signingKeys())
                .hasMessageContaining("QUEUE_TOKEN_SECRET");
    }
}
