package dev.concert.wallet;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WalletLimitsTest {

    @Test
    void a_per_charge_limit_must_be_positive_and_fit_in_the_maximum_balance() {
        new WalletLimits(1, 1);
        assertThatThrownBy(() -> new WalletLimits(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WalletLimits(11, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_the_owner_passes_the_owner_check() {
        java.util.UUID owner = java.util.UUID.randomUUID();
        WalletOwner.check(owner, java.util.UUID.fromString(owner.toString()));
        assertThatThrownBy(() -> WalletOwner.check(owner, java.util.UUID.randomUUID()))
                .isInstanceOf(dev.concert.platform.web.ApiProblem.class);
    }
}
