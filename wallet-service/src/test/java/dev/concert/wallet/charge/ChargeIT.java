package dev.concert.wallet.charge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.concert.wallet.WalletApi;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.wallet.WalletLimits;
import dev.concert.wallet.WalletMoney;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Charging through HTTP against the real database: exact sums under concurrency, retries applied once. */
@WalletServiceTest
class ChargeIT {

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WalletLimits limits;

    WalletApi api;
    final Set<UUID> users = new HashSet<>();

    @BeforeEach
    void client() {
        api = new WalletApi(port);
    }

    @AfterEach
    void money_is_accounted_for() {
        WalletMoney.assertBalanced(jdbc, users);
    }

    UUID newUser() {
        UUID user = UUID.randomUUID();
        users.add(user);
        return user;
    }

    long ledgerRows(UUID user) {
        return jdbc.sql("SELECT COUNT(*) FROM wallet_ledger WHERE user_id = :u").param("u", user.toString())
                .query(Long.class).single();
    }

    @Test
    void a_user_never_charged_has_balance_zero() {
        UUID user = newUser();
        Reply reply = api.balance(user);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.number("balance")).isZero();
        assertThat(reply.body().path("userId").asString()).isEqualTo(user.toString());
    }

    @Test
    void a_charge_adds_to_the_balance_and_writes_a_ledger_row() {
        UUID user = newUser();
        Reply first = api.charge(user, 30_000);
        Reply second = api.charge(user, 12_000);

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().path("balance").asLong()).isEqualTo(30_000);
        assertThat(second.body().path("balance").asLong()).isEqualTo(42_000);
        assertThat(second.body().path("amount").asLong()).isEqualTo(12_000);
        assertThat(api.balance(user).number("balance")).isEqualTo(42_000);
        assertThat(ledgerRows(user)).isEqualTo(2);
    }

    @Test
    void a_hundred_concurrent_charges_of_one_user_add_up_to_the_exact_sum() throws Exception {
        UUID user = newUser();
        List<Reply> replies = concurrently(100, i -> api.charge(user, 1_000L * (i + 1)));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
        long expected = IntStream.rangeClosed(1, 100).mapToLong(i -> 1_000L * i).sum();
        assertThat(api.balance(user).number("balance")).isEqualTo(expected);
        assertThat(ledgerRows(user)).isEqualTo(100);
        // every answer saw a distinct balance: the charges were applied one after another, none lost
        assertThat(replies.stream().map(r -> r.body().path("balance").asLong()).distinct()).hasSize(100);
    }

    @Test
    void the_callers_own_id_in_the_path_names_the_same_wallet_as_me() {
        UUID user = newUser();
        java.util.Map<String, String> signedIn = WalletApi.signedIn(user);
        Reply charged = api.post("/api/v1/users/" + user + "/wallet/charges", WalletApi.signedInWithKey(user),
                "{\"amount\":4000}");
        assertThat(charged.status()).as(charged.raw()).isEqualTo(200);
        assertThat(api.charge(user, 1_000).number("balance")).isEqualTo(5_000);

        Reply byId = api.get("/api/v1/users/" + user + "/wallet", signedIn);
        assertThat(byId.status()).isEqualTo(200);
        assertThat(byId.body()).isEqualTo(api.balance(user).body());
        assertThat(byId.text("userId")).isEqualTo(user.toString());
        assertThat(amounts(api.get("/api/v1/users/" + user + "/wallet/transactions", signedIn)))
                .containsExactly(1_000L, 4_000L);
        assertThat(ledgerRows(user)).isEqualTo(2);
    }

    @Test
    void a_retried_charge_is_applied_once_and_answers_the_same() {
        UUID user = newUser();
        String key = UUID.randomUUID().toString();
        Reply first = api.charge(user, key, 50_000);
        Reply retry = api.charge(user, key, 50_000);

        assertThat(retry.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(api.balance(user).number("balance")).isEqualTo(50_000);
        assertThat(ledgerRows(user)).isEqualTo(1);
    }

    @Test
    void the_same_key_sent_concurrently_is_applied_once() throws Exception {
        UUID user = newUser();
        String key = UUID.randomUUID().toString();
        List<Reply> replies = concurrently(20, i -> api.charge(user, key, 7_000));

        assertThat(replies).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(replies.getFirst().body());
        });
        assertThat(api.balance(user).number("balance")).isEqualTo(7_000);
        assertThat(ledgerRows(user)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_a_different_amount_is_refused_and_changes_nothing() {
        UUID user = newUser();
        String key = UUID.randomUUID().toString();
        api.charge(user, key, 10_000);
        Reply reused = api.charge(user, key, 20_000);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(api.balance(user).number("balance")).isEqualTo(10_000);
        assertThat(ledgerRows(user)).isEqualTo(1);
    }

    @Test
    void a_key_belongs_to_its_user_so_another_user_may_use_the_same_key() {
        UUID alice = newUser();
        UUID bob = newUser();
        String key = UUID.randomUUID().toString();
        assertThat(api.charge(alice, key, 1_000).status()).isEqualTo(200);
        assertThat(api.charge(bob, key, 2_000).status()).isEqualTo(200);
        assertThat(api.balance(bob).number("balance")).isEqualTo(2_000);
    }

    @Test
    void a_charge_beyond_the_maximum_balance_is_refused_with_BALANCE_LIMIT_EXCEEDED() throws Exception {
        UUID user = newUser();
        long perCharge = limits.maxCharge();
        long charges = limits.maxBalance() / perCharge;
        // fill the wallet up to the limit (concurrently: the conditional update must stop exactly at the maximum)
        List<Reply> fill = concurrently((int) charges + 3, i -> api.charge(user, perCharge));

        assertThat(fill.stream().filter(r -> r.status() == 200)).hasSize((int) charges);
        assertThat(fill.stream().filter(r -> r.status() == 400)).allSatisfy(r ->
                assertThat(r.code()).isEqualTo("BALANCE_LIMIT_EXCEEDED")).hasSize(3);
        assertThat(api.balance(user).number("balance")).isEqualTo(charges * perCharge).isLessThanOrEqualTo(limits.maxBalance());
        assertThat(ledgerRows(user)).isEqualTo(charges);
    }

    @Test
    void a_retry_of_a_charge_that_filled_the_wallet_still_answers_the_first_answer() {
        UUID user = newUser();
        String key = UUID.randomUUID().toString();
        for (long filled = 0; filled + limits.maxCharge() <= limits.maxBalance() - limits.maxCharge(); filled += limits.maxCharge()) {
            api.charge(user, limits.maxCharge());
        }
        Reply last = api.charge(user, key, limits.maxCharge());
        Reply retry = api.charge(user, key, limits.maxCharge());

        assertThat(last.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(last.body());
    }

    @Test
    void the_history_is_newest_first_and_paged() {
        UUID user = newUser();
        for (int i = 1; i <= 5; i++) {
            api.charge(user, 100L * i);
        }
        Reply page0 = api.transactions(user, "page=0&size=2");
        Reply page2 = api.transactions(user, "page=2&size=2");

        assertThat(page0.status()).isEqualTo(200);
        assertThat(amounts(page0)).containsExactly(500L, 400L);
        assertThat(page0.body().path("hasNext").asBoolean()).isTrue();
        assertThat(page0.body().path("items").get(0).path("type").asString()).isEqualTo("CHARGE");
        assertThat(page0.body().path("items").get(0).path("balanceAfter").asLong()).isEqualTo(1_500L);
        assertThat(amounts(page2)).containsExactly(100L);
        assertThat(page2.body().path("hasNext").asBoolean()).isFalse();
    }

    private static List<Long> amounts(Reply page) {
        List<Long> amounts = new ArrayList<>();
        page.body().path("items").forEach(item -> amounts.add(item.path("amount").asLong()));
        return amounts;
    }

    interface Call {
        Reply run(int i) throws Exception;
    }

    static List<Reply> concurrently(int n, Call call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.run(index);
                }));
            }
            go.countDown();
            List<Reply> replies = new ArrayList<>();
            for (Future<Reply> f : futures) {
                replies.add(f.get());
            }
            return replies;
        }
    }
}
