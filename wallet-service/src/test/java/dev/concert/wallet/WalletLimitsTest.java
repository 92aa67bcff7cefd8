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
        dev.concert.platform.web.SignedInUser caller = new dev.concert.platform.web.SignedInUser(owner);
        org.assertj.core.api.Assertions.assertThat(WalletOwner.of("me", caller)).isEqualTo(owner);
        org.assertj.core.api.Assertions.assertThat(WalletOwner.of(owner.toString(), caller)).isEqualTo(owner);
        assertThatThrownBy(() -> WalletOwner.of(java.util.UUID.randomUUID().toString(), caller))
                .isInstanceOfSatisfying(dev.concert.platform.web.ApiProblem.class, p -> {
                    org.assertj.core.api.Assertions.assertThat(p.status().value()).isEqualTo(403);
                    org.assertj.core.api.Assertions.assertThat(p.code()).isEqualTo("NOT_YOUR_WALLET");
                });
        assertThatThrownBy(() -> WalletOwner.of("someone", caller))
                .isInstanceOfSatisfying(dev.concert.platform.web.ApiProblem.class, p ->
                        org.assertj.core.api.Assertions.assertThat(p.code()).isEqualTo("MALFORMED_PARAMETER"));
    }
}
