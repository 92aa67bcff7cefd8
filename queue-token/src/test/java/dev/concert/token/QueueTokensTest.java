package dev.concert.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class QueueTokensTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:00:00Z");
    private static final SigningKey K1 = SigningKey.of("k1", "first-secret-first-secret-first-secret!", null);
    private static final SigningKey K2 = SigningKey.of("k2", "second-secret-second-secret-second-secret", null);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private QueueTokenClaims claims() {
        return new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 42, NOW, NOW.plus(Duration.ofHours(6)));
    }

    @Test
    void a_signed_token_verifies_to_the_same_claims() {
        QueueTokens tokens = new QueueTokens(new SigningKeys("k1", List.of(K1)), clock);
        QueueTokenClaims claims = claims();

        assertThat(tokens.verify(tokens.sign(claims))).isEqualTo(claims);
    }

    @Test
    void a_tampered_token_is_rejected() {
        QueueTokens tokens = new QueueTokens(new SigningKeys("k1", List.of(K1)), clock);
        String token = tokens.sign(claims());
        String[] parts = token.split("\\.");
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"concert-queue\",\"sub\":\"" + UUID.randomUUID() + "\",\"jti\":\"" + UUID.randomUUID()
                        + "\",\"ord\":1,\"iat\":1,\"exp\":99999999999}").getBytes());

        assertThatThrownBy(() -> tokens.verify(parts[0] + "." + forgedPayload + "." + parts[2]))
                .isInstanceOf(InvalidQueueTokenException.class).hasMessageContaining("signature");
    }

    @Test
    void a_token_signed_with_a_foreign_key_is_rejected() {
        String foreign = new QueueTokens(new SigningKeys("k1",
                List.of(SigningKey.of("k1", "some-other-secret-some-other-secret-xx", null))), clock).sign(claims());

        assertThatThrownBy(() -> new QueueTokens(new SigningKeys("k1", List.of(K1)), clock).verify(foreign))
                .isInstanceOf(InvalidQueueTokenException.class);
    }

    @Test
    void an_expired_token_is_rejected() {
        QueueTokens tokens = new QueueTokens(new SigningKeys("k1", List.of(K1)), clock);
        String token = tokens.sign(new QueueTokenClaims(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1,
                NOW.minusSeconds(120), NOW.minusSeconds(1)));

        assertThatThrownBy(() -> tokens.verify(token)).hasMessageContaining("expired");
    }

    @Test
    void garbage_missing_and_oversized_tokens_are_rejected() {
        QueueTokens tokens = new QueueTokens(new SigningKeys("k1", List.of(K1)), clock);

        assertThatThrownBy(() -> tokens.verify(null)).hasMessageContaining("missing");
        assertThatThrownBy(() -> tokens.verify("abc.def.ghi")).isInstanceOf(InvalidQueueTokenException.class);
        assertThatThrownBy(() -> tokens.verify("x".repeat(5000))).hasMessageContaining("too long");
    }

    @Test
    void after_rotation_tokens_of_the_previous_key_verify_during_the_grace_period() {
        QueueTokens before = new QueueTokens(new SigningKeys("k1", List.of(K1)), clock);
        String oldToken = before.sign(claims());
        SigningKey retiredK1 = new SigningKey("k1", K1.secret(), NOW.plus(Duration.ofMinutes(30)));

        QueueTokens rotated = new QueueTokens(new SigningKeys("k2", List.of(K2, retiredK1)), clock);
        assertThat(rotated.verify(oldToken).queueOrder()).isEqualTo(42);
        assertThat(rotated.verify(rotated.sign(claims())).queueOrder()).isEqualTo(42);

        QueueTokens afterGrace = new QueueTokens(new SigningKeys("k2", List.of(K2, retiredK1)),
                Clock.fixed(NOW.plus(Duration.ofMinutes(31)), ZoneOffset.UTC));
        assertThatThrownBy(() -> afterGrace.verify(oldToken)).hasMessageContaining("unknown key");
    }

    @Test
    void a_short_secret_is_refused_at_configuration_time() {
        assertThatThrownBy(() -> SigningKey.of("k", "short", null)).hasMessageContaining("32 bytes");
    }
}
