package dev.concert.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The keys as queue-service and the gateway read them from their configuration. */
class SigningKeysFromConfigurationTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String OLD = "previous-secret-previous-secret-previous";
    private static final String NEW = "current-secret-current-secret-current-xx";

    private static SigningKeys configured(String active, ConfiguredKey... keys) {
        return SigningKeys.fromConfiguration(active, Arrays.asList(keys));
    }

    private static QueueTokens tokens(SigningKeys keys, Instant at) {
        return new QueueTokens(keys, Clock.fixed(at, ZoneOffset.UTC));
    }

    private static QueueTokenClaims claims() {
        return new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 7, NOW, NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void a_token_signed_with_the_configured_key_verifies_to_its_claims() {
        QueueTokens tokens = tokens(configured("k1", new ConfiguredKey("k1", NEW, null)), NOW);
        QueueTokenClaims claims = claims();

        assertThat(tokens.verify(tokens.sign(claims))).isEqualTo(claims);
    }

    @Test
    void a_token_signed_with_another_secret_is_rejected() {
        String forged = tokens(configured("k1", new ConfiguredKey("k1", OLD, null)), NOW).sign(claims());

        assertThatThrownBy(() -> tokens(configured("k1", new ConfiguredKey("k1", NEW, null)), NOW).verify(forged))
                .isInstanceOf(InvalidQueueTokenException.class);
    }

    @Test
    void after_a_rotation_the_previous_key_verifies_until_its_grace_ends_and_new_tokens_use_the_new_key() {
        String before = tokens(configured("k1", new ConfiguredKey("k1", OLD, null)), NOW).sign(claims());
        Instant graceEnd = NOW.plus(Duration.ofMinutes(30));
        SigningKeys rotated = configured("k2", new ConfiguredKey("k2", NEW, null),
                new ConfiguredKey("k1", OLD, graceEnd));

        assertThat(tokens(rotated, NOW.plusSeconds(60)).verify(before).queueOrder()).isEqualTo(7);
        String after = tokens(rotated, NOW).sign(claims());
        assertThat(after.split("\\.")[0]).isNotEqualTo(before.split("\\.")[0]); // header names another key id
        assertThatThrownBy(() -> tokens(rotated, graceEnd.plusSeconds(1)).verify(before))
                .isInstanceOf(InvalidQueueTokenException.class);
        assertThat(tokens(rotated, graceEnd.plusSeconds(1)).verify(after)).isNotNull();
    }

    @Test
    void every_configured_key_keeps_its_id_secret_and_grace_end() {
        Instant graceEnd = NOW.plus(Duration.ofMinutes(30));

        SigningKeys keys = configured("k2", new ConfiguredKey("k2", NEW, null), new ConfiguredKey("k1", OLD, graceEnd));

        assertThat(keys.active().id()).isEqualTo("k2");
        assertThat(keys.byId("k1")).hasValueSatisfying(k -> {
            assertThat(new String(k.secret(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(OLD);
            assertThat(k.verifiesUntil()).isEqualTo(graceEnd);
        });
        assertThat(keys.byId("k2").orElseThrow().verifiesUntil()).isNull();
    }

    @Test
    void start_up_fails_with_what_to_set_when_a_key_has_no_secret() {
        assertThatThrownBy(() -> configured("k1", new ConfiguredKey("k1", "", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("QUEUE_TOKEN_SECRET");
        assertThatThrownBy(() -> configured("k1", new ConfiguredKey("k1", null, null)))
                .hasMessageContaining("QUEUE_TOKEN_SECRET");
    }

    @Test
    void start_up_fails_with_what_to_set_when_no_key_is_configured() {
        assertThatThrownBy(() -> configured("k1")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("QUEUE_TOKEN_SECRET");
        assertThatThrownBy(() -> SigningKeys.fromConfiguration("k1", null)).hasMessageContaining("QUEUE_TOKEN_SECRET");
    }

    @Test
    void a_listed_key_without_an_id_is_ignored_so_the_optional_previous_key_may_stay_empty() {
        SigningKeys keys = configured("k1", new ConfiguredKey("k1", NEW, null), new ConfiguredKey("", "", null),
                new ConfiguredKey(null, null, null), null);

        assertThat(keys.keys()).extracting(SigningKey::id).isEqualTo(List.of("k1"));
    }

    @Test
    void start_up_fails_naming_the_setting_when_a_key_is_the_shipped_placeholder() {
        // infra/k8s/base/config.yaml's value: long enough for the 32-byte check, but public
        assertThatThrownBy(() -> configured("k1",
                new ConfiguredKey("k1", "change-me-to-at-least-32-random-characters", null)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("'k1'").hasMessageContaining("placeholder")
                .hasMessageContaining("QUEUE_TOKEN_SECRET");
        // also as the previous key of a rotation, and in any case
        assertThatThrownBy(() -> configured("k2", new ConfiguredKey("k2", NEW, null),
                new ConfiguredKey("k1", "our-old-key-CHANGE-ME-before-production-xxxx", NOW)))
                .hasMessageContaining("'k1'").hasMessageContaining("placeholder");
    }

    @Test
    void a_secret_shorter_than_256_bits_is_refused() {
        assertThatThrownBy(() -> configured("k1", new ConfiguredKey("k1", "too-short", null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }

    @Test
    void an_active_key_id_that_names_no_configured_key_is_refused() {
        assertThatThrownBy(() -> configured("k2", new ConfiguredKey("k1", NEW, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'k2'");
    }
}
