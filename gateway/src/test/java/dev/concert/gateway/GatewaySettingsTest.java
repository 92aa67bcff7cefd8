package dev.concert.gateway;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ACTIVE memo's age is refused at start-up where it would stretch the activity refresh or make no sense. */
class GatewaySettingsTest {

    private static GatewaySettings with(Duration activityRefresh, Duration activeCheckMaxAge) {
        return new GatewaySettings(Map.of(), activityRefresh, activeCheckMaxAge, 1, null, true, null);
    }

    @Test
    void a_max_age_below_the_activity_refresh_is_accepted() {
        assertThat(with(Duration.ofSeconds(20), Duration.ofSeconds(1)).activeCheckMaxAge())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void a_max_age_of_zero_turns_the_memo_off_whatever_the_refresh() {
        assertThat(with(Duration.ZERO, Duration.ZERO).activeCheckMaxAge()).isZero();
    }

    @Test
    void a_max_age_as_long_as_the_refresh_or_negative_is_refused() {
        assertThatThrownBy(() -> with(Duration.ofSeconds(20), Duration.ofSeconds(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.active-check-max-age");
        assertThatThrownBy(() -> with(Duration.ofSeconds(20), Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.active-check-max-age");
    }
}
