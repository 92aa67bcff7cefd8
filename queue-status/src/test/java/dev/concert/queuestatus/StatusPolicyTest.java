package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class StatusPolicyTest {

    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    private static final StatusRules RULES = new StatusRules(100, Duration.ofMinutes(10), 20,
            Duration.ofSeconds(60), new StatusRules.Polling(1, 30, 20, 1000, 10, 15, 60));

    private static QueueSnapshot snapshot(TokenState state, long position, Instant lastActivity, long admitted) {
        return new QueueSnapshot(UUID.randomUUID(), state, UUID.randomUUID(), 1, NOW.minusSeconds(60),
                NOW.plus(Duration.ofHours(5)), null, position, lastActivity, admitted, 100, null);
    }

    @Test
    void a_waiting_token_gets_its_position_and_an_eta_from_the_measured_rate() {
        QueueStatus status = StatusPolicy.statusOf(snapshot(TokenState.WAITING, 300, null, 600), RULES, NOW);

        assertThat(status.status()).isEqualTo(TokenState.WAITING);
        assertThat(status.position()).isEqualTo(300);
        assertThat(status.estimatedWaitSeconds()).isEqualTo(30);
        assertThat(status.activeUntil()).isNull();
        assertThat(status.pollAfterSeconds()).isEqualTo(3);
    }

    @Test
    void an_active_token_is_active_until_its_last_activity_plus_the_idle_timeout() {
        QueueStatus status =
                StatusPolicy.statusOf(snapshot(TokenState.ACTIVE, 0, NOW.minusSeconds(120), 0), RULES, NOW);

        assertThat(status.status()).isEqualTo(TokenState.ACTIVE);
        assertThat(status.activeUntil()).isEqualTo(NOW.plusSeconds(480));
        assertThat(status.position()).isZero();
    }

    @Test
    void an_active_token_idle_past_the_timeout_reads_as_expired_before_the_job_gets_to_it() {
        QueueStatus status =
                StatusPolicy.statusOf(snapshot(TokenState.ACTIVE, 0, NOW.minusSeconds(601), 0), RULES, NOW);

        assertThat(status.status()).isEqualTo(TokenState.EXPIRED);
    }

    @Test
    void an_unknown_token_reads_as_expired() {
        QueueStatus status = StatusPolicy.statusOf(QueueSnapshot.unknown(UUID.randomUUID()), RULES, NOW);

        assertThat(status.status()).isEqualTo(TokenState.EXPIRED);
        assertThat(status.pollAfterSeconds()).isEqualTo(60);
    }

    @Test
    void an_expired_token_says_why() {
        QueueSnapshot booked = new QueueSnapshot(UUID.randomUUID(), TokenState.EXPIRED, UUID.randomUUID(), 1, NOW,
                NOW.plusSeconds(60), ExpiryReason.BOOKED, 0, null, 0, 0, null);

        assertThat(StatusPolicy.statusOf(booked, RULES, NOW).reason()).isEqualTo(ExpiryReason.BOOKED);
    }

    @Test
    void a_token_of_another_user_reads_as_expired_to_the_caller() {
        QueueSnapshot someoneElses = snapshot(TokenState.ACTIVE, 0, NOW.minusSeconds(5), 0);

        assertThat(StatusPolicy.statusOf(someoneElses, UUID.randomUUID(), RULES, NOW).status())
                .isEqualTo(TokenState.EXPIRED);
        assertThat(StatusPolicy.statusOf(someoneElses, someoneElses.userId(), RULES, NOW).status())
                .isEqualTo(TokenState.ACTIVE);
    }

    @Test
    void a_token_in_the_pre_queue_is_told_the_opening_and_no_place_until_then() {
        Instant opens = NOW.plusSeconds(90);
        QueueSnapshot early = new QueueSnapshot(UUID.randomUUID(), TokenState.PRE_QUEUE, UUID.randomUUID(), 0, NOW,
                NOW.plus(Duration.ofHours(5)), null, 0, null, 0, 0, opens);

        QueueStatus status = StatusPolicy.statusOf(early, RULES, NOW);

        assertThat(status.status()).isEqualTo(TokenState.PRE_QUEUE);
        assertThat(status.opensAt()).isEqualTo(opens);
        assertThat(status.position()).isZero();
        assertThat(status.estimatedWaitSeconds()).isEqualTo(91);
        assertThat(status.pollAfterSeconds()).as("capped by the longest poll").isEqualTo(30);
    }

    @Test
    void a_pre_queue_token_whose_opening_has_passed_polls_again_soon() {
        QueueSnapshot late = new QueueSnapshot(UUID.randomUUID(), TokenState.PRE_QUEUE, UUID.randomUUID(), 0, NOW,
                NOW.plus(Duration.ofHours(5)), null, 0, null, 0, 0, NOW.minusSeconds(1));

        assertThat(StatusPolicy.statusOf(late, RULES, NOW).pollAfterSeconds()).isEqualTo(1);
    }
}
