package dev.concert.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IdempotencyKeyTest {

    @Test
    void a_uuid_is_a_good_key() {
        String key = UUID.randomUUID().toString();
        assertThat(IdempotencyKey.of(key).value()).isEqualTo(key);
    }

    @Test
    void a_key_may_be_up_to_a_hundred_characters() {
        assertThat(IdempotencyKey.of("k".repeat(100)).value()).hasSize(100);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "two words", "tab\there", "new\nline", "한글키", "caf\u00e9"})
    void blank_spaced_or_non_ascii_keys_are_refused(String key) {
        assertThatThrownBy(() -> IdempotencyKey.of(key)).isInstanceOfSatisfying(Refusal.class,
                e -> assertThat(e.code()).isEqualTo(IdempotencyKey.Problem.INVALID_IDEMPOTENCY_KEY));
    }

    @Test
    void a_key_longer_than_a_hundred_characters_is_refused() {
        assertThatThrownBy(() -> IdempotencyKey.of("k".repeat(101))).isInstanceOf(Refusal.class);
    }
}
