package dev.concert.queue.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings.KeySettings;
import dev.concert.queue.QueueSettings.TokenSettings;
import dev.concert.token.InvalidQueueTokenException;
import dev.concert.token.QueueTokenClaims;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.Test;

class SigningSettingsTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String OLD = "previous-secret-previous-secret-previous";
    private static final String NEW = "current-secret-current-secret-current-xx";

    private static QueueTokens tokens(TokenSettings settings, Instant at) {
        return new QueueTokens(settings.signingKeys(), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static TokenSettings settings(String active, KeySettings... keys) {
        return new TokenSettings(active, List.of(keys), Duration.ofHours(6), Duration.ofMinutes(30));
    }

    private static QueueTokenClaims claims() {
        return new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), 7, NOW, NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void a_token_signed_with_the_configured_key_verifies_to_its_claims() {
        QueueTokens tokens = tokens(settings("k1", new KeySettings("k1", NEW, null)), NOW);
        QueueTokenClaims claims = claims();

        assertThat(tokens.verify(tokens.sign(claims))).isEqualTo(claims);
    }

    @Test
    void a_token_signed_with_another_secret_is_rejected() {
        String forged = tokens(settings("k1", new KeySettings("k1", OLD, null)), NOW).sign(claims());

        assertThatThrownBy(() -> tokens(settings("k1", new KeySettings("k1", NEW, null)), NOW).verify(forged))
                .isInstanceOf(InvalidQueueTokenException.class);
    }

    @Test
    void after_a_rotation_the_previous_key_verifies_until_its_grace_ends_and_new_tokens_use_the_new_key() {
        String before = tokens(settings("k1", new KeySettings("k1", OLD, null)), NOW).sign(claims());
        Instant graceEnd = NOW.plus(Duration.ofMinutes(30));
        TokenSettings rotated = settings("k2", new KeySettings("k2", NEW, null), new KeySettings("k1", OLD, graceEnd));

        assertThat(tokens(rotated, NOW.plusSeconds(60)).verify(before).queueOrder()).isEqualTo(7);
        String after = tokens(rotated, NOW).sign(claims());
        assertThat(after.split("\\.")[0]).isNotEqualTo(before.split("\\.")[0]); // header names another key id
        assertThatThrownBy(() -> tokens(rotated, graceEnd.plusSeconds(1)).verify(before))
                .isInstanceOf(InvalidQueueTokenException.class);
        assertThat(tokens(rotated, graceEnd.plusSeconds(1)).verify(after)).isNotNull();
    }

    @Test
    void start_up_fails_with_a_clear_message_when_no_secret_is_configured() {
        assertThatThrownBy(() -> settings("k1", new KeySettings("k1", "", null)).signingKeys())
                .hasMessageContaining("QUEUE_TOKEN_SECRET");
        assertThatThrownBy(() -> settings("k1").signingKeys()).hasMessageContaining("QUEUE_TOKEN_SECRET");
    }

    @Test
    void a_listed_key_without_an_id_is_ignored_so_the_optional_previous_key_may_stay_empty() {
        TokenSettings settings = settings("k1", new KeySettings("k1", NEW, null), new KeySettings("", "", null));

        assertThat(settings.signingKeys().keys()).hasSize(1);
    }
}
