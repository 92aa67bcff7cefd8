package dev.concert.platform.domain;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleTest {

    enum Light implements Lifecycle<Light> {
        RED, GREEN, AMBER;

        @Override
        public Set<Light> next() {
            return switch (this) {
                case RED -> EnumSet.of(GREEN);
                case GREEN -> EnumSet.of(AMBER);
                case AMBER -> EnumSet.of(RED);
            };
        }
    }

    @Test
    void the_states_a_move_may_start_from_are_derived_from_the_moves() {
        assertThat(Light.RED.allowedFrom()).containsExactly(Light.AMBER);
        assertThat(Light.GREEN.canBecome(Light.AMBER)).isTrue();
        assertThat(Light.GREEN.canBecome(Light.RED)).isFalse();
    }

    @Test
    void an_illegal_move_is_refused() {
        assertThat(Light.RED.transitionTo(Light.GREEN)).isEqualTo(Light.GREEN);
        assertThatThrownBy(() -> Light.RED.transitionTo(Light.AMBER)).isInstanceOf(IllegalStateException.class);
    }
}
