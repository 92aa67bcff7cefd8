package dev.concert.wallet.charge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.wallet.charge.ChargeRefused.Reason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChargeAmountTest {

    static final long LIMIT = 1_000_000;

    @Test
    void a_positive_amount_within_the_limit_is_accepted() {
        assertThat(ChargeAmount.of(5_000L, LIMIT).value()).isEqualTo(5_000);
        assertThat(ChargeAmount.of(1L, LIMIT).value()).isEqualTo(1);
    }

    @Test
    void the_limit_itself_may_be_charged() {
        assertThat(ChargeAmount.of(LIMIT, LIMIT).value()).isEqualTo(LIMIT);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, -5_000, Long.MIN_VALUE})
    void zero_and_negative_amounts_are_refused(long amount) {
        assertThatThrownBy(() -> ChargeAmount.of(amount, LIMIT)).isInstanceOfSatisfying(ChargeRefused.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_AMOUNT));
    }

    @Test
    void a_missing_amount_is_refused() {
        assertThatThrownBy(() -> ChargeAmount.of(null, LIMIT)).isInstanceOfSatisfying(ChargeRefused.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.INVALID_AMOUNT));
    }

    @ParameterizedTest
    @ValueSource(longs = {LIMIT + 1, 1_000_000_000_000L, Long.MAX_VALUE})
    void an_amount_above_the_per_charge_limit_is_refused(long amount) {
        assertThatThrownBy(() -> ChargeAmount.of(amount, LIMIT)).isInstanceOfSatisfying(ChargeRefused.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.AMOUNT_ABOVE_LIMIT));
    }
}
