package dev.concert.wallet.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

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

    @Test
    void each_change_reports_the_balance_it_wrote_while_many_change_the_wallet_at_once() throws Exception {
        int debits = 40;
        UUID user = walletWith(100_000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<OptionalLong>> results = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < debits; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return tx.execute(s -> wallets.debit(user, 1_000));
            }));
        }
        go.countDown();
        Set<Long> reported = new TreeSet<>();
        for (Future<OptionalLong> result : results) {
            reported.add(result.get(30, TimeUnit.SECONDS).orElseThrow());
        }
        pool.shutdown();

        // every debit saw its own balance: 99,000 down to 60,000, each once
        assertThat(reported).hasSize(debits)
                .containsExactlyElementsOf(LongStream.rangeClosed(0, debits - 1).map(k -> 60_000 + k * 1_000)
                        .boxed().toList());
        assertThat(wallets.balanceOf(user)).isEqualTo(60_000);
        Long refunded = tx.execute(s -> wallets.refund(user, 500));
        assertThat(refunded).isEqualTo(60_500L);
    }
}
