package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class HoldPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(60));

    @Test
    void a_hold_lasts_five_minutes() {
        assertThat(policy.expiresAt(NOW)).isEqualTo(Instant.parse("2026-11-26T10:05:00Z"));
    }

    @Test
    void a_user_may_take_holds_up_to_the_limit_and_no_more() {
        assertThat(policy.allowsAnotherHold(0)).isTrue();
        assertThat(policy.allowsAnotherHold(3)).isTrue();
        assertThat(policy.allowsAnotherHold(4)).isFalse();
        assertThat(policy.allowsAnotherHold(5)).isFalse();
    }

    @Test
    void a_hold_can_be_confirmed_for_the_grace_after_its_deadline() {
        assertThat(policy.paymentDeadline(NOW)).isEqualTo(NOW.plus(Duration.ofMinutes(5)).plusSeconds(60));
    }

    @Test
    void a_nonsensical_policy_is_refused_at_start_up() {
        assertThatThrownBy(() -> new HoldPolicy(Duration.ZERO, 4, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(5), 0, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
