package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class WaitEstimateTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);
    private static final Duration IDLE = Duration.ofMinutes(10);

    @Test
    void the_measured_rate_is_the_admissions_of_the_window_per_second() {
        assertThat(WaitEstimate.admissionsPerSecond(600, WINDOW, 100, 100, 20, IDLE)).isEqualTo(10.0);
    }

    @Test
    void with_nothing_measured_and_free_places_the_configured_rate_applies() {
        assertThat(WaitEstimate.admissionsPerSecond(0, WINDOW, 10, 100, 20, IDLE)).isEqualTo(20.0);
    }

    @Test
    void with_nothing_measured_and_a_full_active_set_the_idle_turnover_bounds_the_rate() {
        assertThat(WaitEstimate.admissionsPerSecond(0, WINDOW, 100, 100, 20, IDLE)).isEqualTo(100 / 600.0);
    }

    @Test
    void the_eta_is_the_position_over_the_rate_rounded_up_and_at_least_one_second() {
        assertThat(WaitEstimate.seconds(100, 10)).isEqualTo(10);
        assertThat(WaitEstimate.seconds(101, 10)).isEqualTo(11);
        assertThat(WaitEstimate.seconds(1, 50)).isEqualTo(1);
    }

    @Test
    void a_user_not_waiting_has_no_wait() {
        assertThat(WaitEstimate.seconds(0, 10)).isZero();
    }

    @Test
    void the_eta_grows_with_the_position() {
        assertThat(WaitEstimate.seconds(5_000, 10)).isGreaterThan(WaitEstimate.seconds(500, 10));
    }
}
