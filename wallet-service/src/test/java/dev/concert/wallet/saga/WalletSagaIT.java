package dev.concert.wallet.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import dev.concert.events.BookingCancelled;
import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DebitFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.SeatHeld;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletDebited;
import dev.concert.events.WalletRefunded;
import dev.concert.wallet.WalletApi;
import dev.concert.wallet.WalletMoney;
import dev.concert.wallet.WalletServiceTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The wallet's saga steps on the real broker: this test plays payment-service and reservation-service by publishing
 * their events, and reads what the wallet announces from {@code wallet.events}.
 */
@WalletServiceTest
class WalletSagaIT {

    static final Duration SAGA = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

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
        if (balance > 0) {
            assertThat(api.charge(user, balance).status()).isEqualTo(200);
        }
        return user;
    }

    EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        publish(envelope);
        return envelope;
    }

    void publish(EventEnvelope envelope) {
        kafka.send(EventType.byWireName(envelope.type()).orElseThrow().topic(), envelope.key(), codec.toJson(envelope))
                .join();
    }

    long ledgerRows(UUID paymentId, String kind) {
        return jdbc.sql("SELECT COUNT(*) FROM wallet_ledger WHERE payment_id = :p AND kind = :k")
                .param("p", paymentId.toString()).param("k", kind).query(Long.class).single();
    }

    static PaymentRequested paymentOf(UUID user, long amount) {
        return new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), user, amount);
    }

    @Test
    void a_payment_covered_by_the_balance_is_debited_once_and_announced() {
        UUID user = userWith(100_000);
        PaymentRequested payment = paymentOf(user, 80_000);
        publish(payment);

        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        WalletDebited debited = seen.of(WalletDebited.class, payment.paymentId()).getFirst();
        assertThat(debited.amount()).isEqualTo(80_000);
        assertThat(debited.balanceAfter()).isEqualTo(20_000);
        assertThat(debited.reservationId()).isEqualTo(payment.reservationId());
        assertThat(api.balance(user).number("balance")).isEqualTo(20_000);
        assertThat(ledgerRows(payment.paymentId(), "DEBIT")).isEqualTo(1);
    }

    @Test
    void a_payment_the_balance_does_not_cover_fails_with_INSUFFICIENT_BALANCE_and_debits_nothing() {
        UUID user = userWith(10_000);
        PaymentRequested payment = paymentOf(user, 10_001);
        publish(payment);

        await().atMost(SAGA).until(() -> !seen.of(WalletDebitFailed.class, payment.paymentId()).isEmpty());
        assertThat(seen.of(WalletDebitFailed.class, payment.paymentId()).getFirst().reason())
                .isEqualTo(DebitFailure.INSUFFICIENT_BALANCE);
        assertThat(seen.of(WalletDebited.class, payment.paymentId())).isEmpty();
        assertThat(api.balance(user).number("balance")).isEqualTo(10_000);
        assertThat(ledgerRows(payment.paymentId(), "DEBIT")).isZero();
    }

    @Test
    void a_payment_of_a_user_without_a_wallet_fails_with_INSUFFICIENT_BALANCE() {
        UUID user = userWith(0);
        PaymentRequested payment = paymentOf(user, 1_000);
        publish(payment);

        await().atMost(SAGA).until(() -> !seen.of(WalletDebitFailed.class, payment.paymentId()).isEmpty());
        assertThat(api.balance(user).number("balance")).isZero();
    }

    @Test
    void a_duplicate_event_is_applied_once() {
        UUID user = userWith(50_000);
        PaymentRequested payment = paymentOf(user, 20_000);
        EventEnvelope envelope = publish(payment);
        publish(envelope);
        publish(envelope);

        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        settle();
        assertThat(seen.of(WalletDebited.class, payment.paymentId())).hasSize(1);
        assertThat(api.balance(user).number("balance")).isEqualTo(30_000);
        assertThat(ledgerRows(payment.paymentId(), "DEBIT")).isEqualTo(1);
    }

    @Test
    void the_same_payment_requested_again_under_a_new_event_id_is_debited_once() {
        UUID user = userWith(50_000);
        PaymentRequested payment = paymentOf(user, 20_000);
        publish(payment);
        publish(payment);

        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        settle();
        assertThat(api.balance(user).number("balance")).isEqualTo(30_000);
        assertThat(ledgerRows(payment.paymentId(), "DEBIT")).isEqualTo(1);
    }

    @Test
    void payments_competing_for_one_balance_never_take_it_below_zero() {
        UUID user = userWith(100_000);
        List<PaymentRequested> payments = List.of(paymentOf(user, 40_000), paymentOf(user, 40_000),
                paymentOf(user, 40_000), paymentOf(user, 40_000));
        payments.forEach(this::publish);

        await().atMost(SAGA).until(() -> payments.stream().allMatch(p ->
                !seen.of(WalletDebited.class, p.paymentId()).isEmpty()
                        || !seen.of(WalletDebitFailed.class, p.paymentId()).isEmpty()));
        long debited = payments.stream().filter(p -> !seen.of(WalletDebited.class, p.paymentId()).isEmpty()).count();
        assertThat(debited).isEqualTo(2);
        assertThat(api.balance(user).number("balance")).isEqualTo(20_000);
    }

    @Test
    void a_failed_confirmation_is_refunded_once_and_restores_the_balance() {
        UUID user = userWith(60_000);
        PaymentRequested payment = paymentOf(user, 45_000);
        publish(payment);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        assertThat(api.balance(user).number("balance")).isEqualTo(15_000);

        ReservationConfirmationFailed failed = new ReservationConfirmationFailed(payment.reservationId(),
                payment.paymentId(), user, payment.amount(), ConfirmationFailure.HOLD_EXPIRED);
        EventEnvelope envelope = publish(failed);
        publish(envelope);
        publish(failed);

        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, payment.paymentId()).isEmpty());
        settle();
        assertThat(seen.of(WalletRefunded.class, payment.paymentId())).hasSize(1);
        assertThat(seen.of(WalletRefunded.class, payment.paymentId()).getFirst().balanceAfter()).isEqualTo(60_000);
        assertThat(api.balance(user).number("balance")).isEqualTo(60_000);
        assertThat(ledgerRows(payment.paymentId(), "REFUND")).isEqualTo(1);
    }

    @Test
    void a_booking_cancelled_before_the_show_is_refunded_once_even_when_its_event_arrives_several_times() {
        UUID user = userWith(100_000);
        PaymentRequested payment = paymentOf(user, 80_000);
        publish(payment);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        assertThat(api.balance(user).number("balance")).isEqualTo(20_000);

        BookingCancelled cancelled = new BookingCancelled(payment.reservationId(), payment.paymentId(),
                UUID.randomUUID(), UUID.randomUUID(), user, payment.amount());
        EventEnvelope envelope = publish(cancelled);
        publish(envelope);
        // a copy under another event id and on another partition: handled at the same time as the first
        EventEnvelope copy = codec.wrap(cancelled);
        kafka.send(EventType.byWireName(copy.type()).orElseThrow().topic(), UUID.randomUUID().toString(),
                codec.toJson(copy)).join();

        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, payment.paymentId()).isEmpty());
        settle();
        assertThat(seen.of(WalletRefunded.class, payment.paymentId())).singleElement().satisfies(refunded -> {
            assertThat(refunded.amount()).isEqualTo(80_000);
            assertThat(refunded.balanceAfter()).isEqualTo(100_000);
            assertThat(refunded.reservationId()).isEqualTo(payment.reservationId());
        });
        assertThat(api.balance(user).number("balance")).isEqualTo(100_000);
        assertThat(ledgerRows(payment.paymentId(), "REFUND")).isEqualTo(1);
    }

    @Test
    void a_cancelled_booking_is_refunded_what_the_ledger_debited_not_what_the_event_says() {
        UUID user = userWith(50_000);
        PaymentRequested payment = paymentOf(user, 30_000);
        publish(payment);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());

        publish(new BookingCancelled(payment.reservationId(), payment.paymentId(), UUID.randomUUID(),
                UUID.randomUUID(), user, 999_999));

        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, payment.paymentId()).isEmpty());
        assertThat(seen.of(WalletRefunded.class, payment.paymentId()).getFirst().amount()).isEqualTo(30_000);
        assertThat(api.balance(user).number("balance")).isEqualTo(50_000);
    }

    @Test
    void a_confirmation_failure_for_a_payment_never_debited_refunds_nothing() {
        UUID user = userWith(5_000);
        PaymentRequested real = paymentOf(user, 1_000);
        publish(real);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, real.paymentId()).isEmpty());

        UUID neverDebited = UUID.randomUUID();
        publish(new ReservationConfirmationFailed(real.reservationId(), neverDebited, user, 5_000,
                ConfirmationFailure.HOLD_EXPIRED));
        // same key, so same partition: once this one is refunded the listener has got past the first
        publish(new ReservationConfirmationFailed(real.reservationId(), real.paymentId(), user, 1_000,
                ConfirmationFailure.HOLD_EXPIRED));

        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, real.paymentId()).isEmpty());
        assertThat(seen.of(WalletRefunded.class, neverDebited)).isEmpty();
        assertThat(api.balance(user).number("balance")).isEqualTo(5_000);
        assertThat(ledgerRows(neverDebited, "REFUND")).isZero();
    }

    @Test
    void events_the_wallet_does_not_react_to_cost_it_no_database_work() {
        UUID user = userWith(5_000);
        PaymentRequested payment = paymentOf(user, 1_000);
        publish(payment);
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());

        EventEnvelope held = publish(new SeatHeld(payment.reservationId(), UUID.randomUUID(), UUID.randomUUID(), 7,
                user, 1_000, Instant.now().plusSeconds(300)));
        // same key, same partition, published after it: once this is refunded, the SeatHeld was read too
        publish(new ReservationConfirmationFailed(payment.reservationId(), payment.paymentId(), user, 1_000,
                ConfirmationFailure.HOLD_EXPIRED));
        await().atMost(SAGA).until(() -> !seen.of(WalletRefunded.class, payment.paymentId()).isEmpty());

        assertThat(jdbc.sql("SELECT COUNT(*) FROM processed_event WHERE event_id = :id")
                .param("id", held.eventId().toString()).query(Long.class).single()).isZero();
    }

    @Test
    void a_debit_requested_while_the_wallet_consumer_is_stopped_is_applied_after_it_restarts() {
        UUID user = userWith(30_000);
        MessageListenerContainer debits = listeners.getListenerContainer("wallet-debit");
        assertThat(debits).isNotNull();
        PaymentRequested payment = paymentOf(user, 25_000);
        debits.stop();
        try {
            publish(payment);
            settle();
            assertThat(seen.of(WalletDebited.class, payment.paymentId())).isEmpty();
            assertThat(api.balance(user).number("balance")).isEqualTo(30_000);
        } finally {
            debits.start();
        }
        await().atMost(SAGA).until(() -> !seen.of(WalletDebited.class, payment.paymentId()).isEmpty());
        assertThat(api.balance(user).number("balance")).isEqualTo(5_000);
        assertThat(ledgerRows(payment.paymentId(), "DEBIT")).isEqualTo(1);
    }

    /** Long enough for a wrongly applied duplicate to show up. */
    private static void settle() {
        try {
            Thread.sleep(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
