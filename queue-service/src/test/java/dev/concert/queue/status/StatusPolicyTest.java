package dev.concert.queue.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.ExpiryReason;
import dev.concert.queue.QueueSettings;
import dev.concert.queue.QueueSnapshot;
import dev.concert.queue.TokenState;

import org.junit.jupiter.api.Test;

class StatusPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private final QueueSettings settings = new QueueSettings("{t}:",
            new QueueSettings.TokenSettings("k1", List.of(), Duration.ofHours(6), Duration.ofMinutes(30)),
            new QueueSettings.ActiveSettings(100, Duration.ofMinutes(10)),
            new QueueSettings.AdmissionSettings(Duration.ofSeconds(1), 20, Duration.ofSeconds(60)),
            new QueueSettings.ExpirySettings(Duration.ofSeconds(5), 500),
            new QueueSettings.PollingSettings(1, 30, 20, 1000, 10, 15, 60),
            new QueueSettings.StreamSettings(Duration.ofMinutes(10), 100, Duration.ofSeconds(15)));
    private final StatusPolicy policy = new StatusPolicy(settings);

    private static QueueSnapshot snapshot(TokenState state, long position, Instant lastActivity, long admitted) {
        return new QueueSnapshot(UUID.randomUUID(), state, UUID.randomUUID(), 1, NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(5)), null, position, lastActivity, admitted, 100);
    }

    @Test
    void a_waiting_token_gets_its_position_and_an_eta_from_the_measured_rate() {
        QueueStatus status = policy.statusOf(snapshot(TokenState.WAITING, 300, null, 600), NOW);

        assertThat(status.status()).isEqualTo(TokenState.WAITING);
        assertThat(status.position()).isEqualTo(300);
        assertThat(status.estimatedWaitSeconds()).isEqualTo(30);
        assertThat(status.activeUntil()).isNull();
        assertThat(status.pollAfterSeconds()).isEqualTo(3);
    }

    @Test
    void an_active_token_is_active_until_its_last_activity_plus_the_idle_timeout() {
        QueueStatus status = policy.statusOf(snapshot(TokenState.ACTIVE, 0, NOW.minusSeconds(120), 0), NOW);

        assertThat(status.status()).isEqualTo(TokenState.ACTIVE);
        assertThat(status.activeUntil()).isEqualTo(NOW.plusSeconds(480));
        assertThat(status.position()).isZero();
    }

    @Test
    void an_active_token_idle_past_the_timeout_reads_as_expired_before_the_job_gets_to_it() {
        QueueStatus status = policy.statusOf(snapshot(TokenState.ACTIVE, 0, NOW.minusSeconds(601), 0), NOW);

        assertThat(status.status()).isEqualTo(TokenState.EXPIRED);
    }

    @Test
    void an_unknown_token_reads_as_expired() {
        QueueStatus status = policy.statusOf(QueueSnapshot.unknown(UUID.randomUUID()), NOW);

        assertThat(status.status()).isEqualTo(TokenState.EXPIRED);
        assertThat(status.pollAfterSeconds()).isEqualTo(60);
    }

    @Test
    void an_expired_token_says_why() {
        QueueSnapshot booked = new QueueSnapshot(UUID.randomUUID(), TokenState.EXPIRED, UUID.randomUUID(), 1, NOW,
                NOW.plusSeconds(60), ExpiryReason.BOOKED, 0, null, 0, 0);

        assertThat(policy.statusOf(booked, NOW).reason()).isEqualTo(ExpiryReason.BOOKED);
    }
}
