package dev.concert.wallet.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.concert.events.DebitFailure;
import dev.concert.events.EventCodec;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.events.WalletRefunded;
import dev.concert.events.ConfirmationFailure;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.wallet.WalletApi;
import dev.concert.wallet.WalletMoney;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * payment-service's reconciliation asks the wallet's ledger what became of a payment: a payment never debited is voided
 * on the spot and can never be debited afterwards, even when its PaymentRequested races the question.
 */
@WalletServiceTest
class PaymentSettlementIT {

    static final Duration SAGA = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    WalletApi api;
    WalletEventsSeen seen;
    final Set<UUID> users = new HashSet<>();

    @BeforeEach
    void setUp() {
        api = new WalletApi(port);
        seen = WalletEventsSeen.start();
    }

    @AfterEach
    void money_is_accounted_for() {
        WalletMoney.assertBalanced(jdbc, users);
    }

    UUID userWith(long balance) {
        UUID user = UUID.randomUUID();
        users.add(user);
        assertThat(api.charge(user, balance).status()).isEqualTo(200);
        return user;
    }

    Reply settle(PaymentRequested p) {
        return api.post("/internal/payments/" + p.paymentId() + "/settlement", Map.of(),
                "{\"userId\":\"" + p.userId() + "\",\"reservationId\":\"" + p.reservationId() + "\",\"amount\":"
                        + p.amount() + "}");
    }

    void publish(String topic, dev.concert.events.DomainEvent event) {
        kafka.send(topic, event.key(), codec.toJson(codec.wrap(event))).join();
    }

    long balance(UUID user) {
        return api.balance(user).number("balance");
    }

    @Test
    void a_payment_never_debited_is_voided_and_its_late_request_is_refused_without_taking_money() {
        UUID user = userWith(100_000);
        PaymentRequested late = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), user, 60_000);

        Reply answer = settle(late);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("state")).isEqualTo("VOIDED");
        assertThat(settle(late).text("state")).as("asked again").isEqualTo("VOIDED");

        publish(Topics.PAYMENT, late);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebitFailed.class, late.paymentId()).isEmpty());
        assertThat(seen.of(WalletDebitFailed.class, late.paymentId()).getFirst().reason())
                .isEqualTo(DebitFailure.PAYMENT_EXPIRED);
        assertThat(seen.of(WalletDebited.class, late.paymentId())).isEmpty();
        assertThat(balance(user)).isEqualTo(100_000);
        // a void is no money movement: the user's history does not show it
        assertThat(api.transactions(user, "").raw()).doesNotContain("VOID");
    }

    @Test
    void a_debited_payment_is_reported_debited_and_once_refunded_refunded() {
        UUID user = userWith(100_000);
        PaymentRequested paid = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), user, 30_000);
        publish(Topics.PAYMENT, paid);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, paid.paymentId()).isEmpty());

        Reply debited = settle(paid);
        assertThat(debited.text("state")).isEqualTo("DEBITED");
        assertThat(debited.number("amount")).isEqualTo(30_000);

        publish(Topics.RESERVATION, new ReservationConfirmationFailed(paid.reservationId(), paid.paymentId(), user,
                30_000, ConfirmationFailure.HOLD_EXPIRED));
        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, paid.paymentId()).isEmpty());
        assertThat(settle(paid).text("state")).isEqualTo("REFUNDED");
        assertThat(balance(user)).isEqualTo(100_000);
    }

    @Test
    void a_debit_and_a_void_racing_for_one_payment_never_both_win() throws Exception {
        UUID user = userWith(1_000_000);
        List<PaymentRequested> payments = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            payments.add(new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), user, 1_000));
        }
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (PaymentRequested p : payments) {
                pool.submit(() -> {
                    go.await();
                    publish(Topics.PAYMENT, p);
                    return null;
                });
                pool.submit(() -> {
                    go.await();
                    return settle(p);
                });
            }
            go.countDown();
        }
        await().atMost(SAGA).until(() -> payments.stream().allMatch(p ->
                !seen.of(WalletDebited.class, p.paymentId()).isEmpty()
                        || !seen.of(WalletDebitFailed.class, p.paymentId()).isEmpty()));

        long debited = 0;
        for (PaymentRequested p : payments) {
            List<String> kinds = jdbc.sql("SELECT kind FROM wallet_ledger WHERE payment_id = ? ORDER BY kind")
                    .param(p.paymentId().toString()).query(String.class).list();
            assertThat(kinds).as("ledger of %s", p.paymentId()).isIn(List.of("DEBIT"), List.of("VOID"));
            // the answer the reconciliation gets now is the ledger's final word
            assertThat(settle(p).text("state")).isEqualTo(kinds.getFirst().equals("DEBIT") ? "DEBITED" : "VOIDED");
            debited += kinds.getFirst().equals("DEBIT") ? 1 : 0;
        }
        assertThat(balance(user)).isEqualTo(1_000_000 - debited * 1_000);
    }

    @Test
    void a_settlement_request_without_its_payment_details_is_refused_and_voids_nothing() {
        UUID payment = UUID.randomUUID();
        Reply bad = api.post("/internal/payments/" + payment + "/settlement", Map.of(), "{\"amount\":0}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet_ledger WHERE payment_id = ?").param(payment.toString())
                .query(Long.class).single()).isZero();
    }
}
