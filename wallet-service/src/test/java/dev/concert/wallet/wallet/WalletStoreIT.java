package dev.concert.wallet.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import java.util.UUID;

import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** The wallet's conditional updates at the edges of their rules, on the real database. */
@WalletServiceTest
class WalletStoreIT {

    @Autowired
    Wallets wallets;
    @Autowired
    TransactionTemplate tx;

    private UUID walletWith(long balance) {
        UUID user = UUID.randomUUID();
        wallets.open(user);
        if (balance > 0) {
            tx.execute(s -> wallets.credit(user, balance, Long.MAX_VALUE / 2));
        }
        return user;
    }

    @Test
    void a_debit_may_take_the_whole_balance_but_not_one_won_more() {
        UUID user = walletWith(10_000);

        OptionalLong tooMuch = tx.execute(s -> wallets.debit(user, 10_001));
        assertThat(tooMuch).isEmpty();
        assertThat(wallets.balanceOf(user)).isEqualTo(10_000);
        OptionalLong all = tx.execute(s -> wallets.debit(user, 10_000));
        assertThat(all).hasValue(0);
    }

    @Test
    void a_credit_may_fill_the_wallet_up_to_the_maximum_but_not_past_it() {
        UUID user = walletWith(9_000);

        OptionalLong past = tx.execute(s -> wallets.credit(user, 1_001, 10_000));
        assertThat(past).isEmpty();
        assertThat(wallets.balanceOf(user)).isEqualTo(9_000);
        OptionalLong full = tx.execute(s -> wallets.credit(user, 1_000, 10_000));
        assertThat(full).hasValue(10_000);
    }

    @Test
    void a_refund_is_never_refused_even_above_the_maximum() {
        UUID user = walletWith(10_000);

        Long balance = tx.execute(s -> wallets.refund(user, 5_000));
        assertThat(balance).isEqualTo(15_000L);
    }

    @Test
    void a_user_never_charged_has_nothing() {
        assertThat(wallets.balanceOf(UUID.randomUUID())).isZero();
    }
}
