package dev.concert.payment.saga;

import dev.concert.events.DebitFailure;
import dev.concert.events.ReleaseReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import dev.concert.events.EventEnvelope;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatReleased;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.payment.PaymentApi;
import dev.concert.payment.PaymentApi.Reply;
import dev.concert.payment.PaymentMoney;
import dev.concert.payment.PaymentServiceTest;
import dev.concert.payment.SagaDoubles;
import dev.concert.payment.SagaDoubles.Hold;

import io.micrometer.core.instrument.MeterRegistry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Whole sagas on the real broker and database: payment-service for real, reservation-service and wallet-service
 * played by {@link SagaDoubles} through their events. After each scenario the money invariant is checked.
 */
@PaymentServiceTest
class PaymentSagaIT {

    static final Duration SAGA = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    MeterRegistry meters;

    PaymentApi api;
    SagaDoubles doubles;
    final Set<UUID> users = new HashSet<>();

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        doubles = SagaDoubles.start();
    }

    @AfterEach
    void money_is_accounted_for() {
        PaymentMoney.assertBalanced(jdbc, doubles, users);
    }

    UUID userWith(long charged) {
        UUID user = UUID.randomUUID();
        users.add(user);
        doubles.charge(user, charged);
        return user;
    }

    /** A hold announced with SeatHeld, once payment-service has seen it. */
    Hold seenHold(UUID user, long price) {
        Hold hold = doubles.hold(user, price);
        awaitView(hold);
        return hold;
    }

    void awaitView(Hold hold) {
        await().atMost(SAGA).until(() -> jdbc.sql("SELECT COUNT(*) FROM reservation_view WHERE reservation_id = :r")
                .param("r", hold.reservationId.toString()).query(Long.class).single() == 1);
    }

    /** The payment's final state, asked the way a polling client would. */
    Reply settled(UUID user, UUID paymentId) {
        await().atMost(SAGA).until(() -> !"PENDING".equals(api.payment(user, paymentId).paymentStatus()));
        return api.payment(user, paymentId);
    }

    @Test
    void a_paid_hold_completes_and_its_price_leaves_the_wallet() {
        UUID user = userWith(200_000);
        Hold hold = seenHold(user, 150_000);
        double completedBefore = completedCount();

        Reply paid = api.pay(user, hold.reservationId);

        assertThat(paid.status()).isIn(200, 202);
        assertThat(paid.headers().get("location")).containsExactly("/api/v1/payments/" + paid.paymentId());
        Reply payment = settled(user, paid.paymentId());
        assertThat(payment.paymentStatus()).isEqualTo("COMPLETED");
        assertThat(payment.body().path("amount").asLong()).isEqualTo(150_000);
        assertThat(payment.body().path("reservationId").asString()).isEqualTo(hold.reservationId.toString());
        assertThat(payment.body().path("finishedAt").isNull()).isFalse();
        assertThat(doubles.requestsFor(hold.reservationId)).singleElement()
                .satisfies(r -> assertThat(r.amount()).isEqualTo(150_000));
        assertThat(doubles.balance(user)).isEqualTo(50_000);
        await().atMost(SAGA).until(() -> completedCount() == completedBefore + 1);
    }

    @Test
    void a_quick_saga_is_answered_with_its_outcome_rather_than_202() {
        UUID user = userWith(10_000);
        Hold hold = seenHold(user, 10_000);
        // warm the path once so the measured request is not the first through a cold JVM
        UUID warmUp = userWith(10_000);
        settled(warmUp, api.pay(warmUp, seenHold(warmUp, 10_000).reservationId).paymentId());

        Reply paid = api.pay(user, hold.reservationId);

        // the saga takes a few broker round trips; with the 2 s wait the answer is normally the outcome itself
        if (paid.status() == 200) {
            assertThat(paid.paymentStatus()).isEqualTo("COMPLETED");
        } else {
            assertThat(paid.status()).isEqualTo(202);
            assertThat(paid.paymentStatus()).isEqualTo("PENDING");
            assertThat(paid.millis()).isGreaterThanOrEqualTo(1_900);
        }
        assertThat(settled(user, paid.paymentId()).paymentStatus()).isEqualTo("COMPLETED");
    }

    @Test
    void a_payment_the_wallet_cannot_cover_fails_with_INSUFFICIENT_BALANCE_and_takes_nothing() {
        UUID user = userWith(99_999);
        Hold hold = seenHold(user, 100_000);
        double failedBefore = outcomeCount("failed", "INSUFFICIENT_BALANCE");

        Reply payment = settled(user, api.pay(user, hold.reservationId).paymentId());

        assertThat(payment.paymentStatus()).isEqualTo("FAILED");
        assertThat(payment.body().path("failureReason").asString()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(doubles.debitsFor(hold.reservationId)).isZero();
        assertThat(doubles.balance(user)).isEqualTo(99_999);
        await().atMost(SAGA).until(() -> outcomeCount("failed", "INSUFFICIENT_BALANCE") == failedBefore + 1);
    }

    @Test
    void after_a_failed_payment_the_hold_can_be_paid_again_once_the_wallet_is_topped_up() {
        UUID user = userWith(1_000);
        Hold hold = seenHold(user, 5_000);
        assertThat(settled(user, api.pay(user, hold.reservationId).paymentId()).paymentStatus()).isEqualTo("FAILED");

        doubles.charge(user, 4_000);
        Reply second = settled(user, api.pay(user, hold.reservationId).paymentId());

        assertThat(second.paymentStatus()).isEqualTo("COMPLETED");
        assertThat(doubles.balance(user)).isZero();
    }

    @Test
    void a_debit_after_the_hold_expired_is_refunded_and_the_balance_restored() {
        UUID user = userWith(80_000);
        Hold hold = seenHold(user, 70_000).lapsesBeforeDebit();

        Reply paid = api.pay(user, hold.reservationId);
        await().atMost(SAGA).until(() -> "REFUNDED".equals(api.payment(user, paid.paymentId()).paymentStatus()));

        Reply payment = api.payment(user, paid.paymentId());
        assertThat(payment.body().path("failureReason").asString()).isEqualTo("HOLD_EXPIRED");
        assertThat(doubles.wasDebited(paid.paymentId())).isTrue();
        assertThat(doubles.wasRefunded(paid.paymentId())).isTrue();
        assertThat(doubles.balance(user)).isEqualTo(80_000);
        // the released hold is not payable any more
        Reply again = api.pay(user, hold.reservationId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("RESERVATION_NOT_HELD");
    }

    @Test
    void concurrent_payments_of_one_reservation_debit_it_once() throws Exception {
        UUID user = userWith(500_000);
        Hold hold = seenHold(user, 120_000);

        List<Reply> replies = concurrently(8, i -> api.pay(user, hold.reservationId));

        List<Reply> accepted = replies.stream().filter(r -> r.status() == 200 || r.status() == 202).toList();
        assertThat(accepted).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 409).hasSize(7)
                .allSatisfy(r -> assertThat(r.code()).isIn("PAYMENT_IN_PROGRESS", "ALREADY_PAID"));
        assertThat(settled(user, accepted.getFirst().paymentId()).paymentStatus()).isEqualTo("COMPLETED");
        assertThat(doubles.requestsFor(hold.reservationId)).hasSize(1);
        assertThat(doubles.debitsFor(hold.reservationId)).isEqualTo(1);
        assertThat(doubles.balance(user)).isEqualTo(380_000);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :r")
                .param("r", hold.reservationId.toString()).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void the_same_idempotency_key_sent_concurrently_starts_one_payment() throws Exception {
        UUID user = userWith(50_000);
        Hold hold = seenHold(user, 30_000);
        String key = UUID.randomUUID().toString();

        List<Reply> replies = concurrently(10, i -> api.pay(user, key, hold.reservationId));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isIn(200, 202));
        assertThat(replies.stream().map(Reply::paymentId).distinct()).hasSize(1);
        assertThat(settled(user, replies.getFirst().paymentId()).paymentStatus()).isEqualTo("COMPLETED");
        assertThat(doubles.requestsFor(hold.reservationId)).hasSize(1);
    }

    @Test
    void a_retried_request_answers_with_the_same_payment() {
        UUID user = userWith(50_000);
        Hold hold = seenHold(user, 30_000);
        String key = UUID.randomUUID().toString();
        Reply first = api.pay(user, key, hold.reservationId);
        settled(user, first.paymentId());

        Reply retry = api.pay(user, key, hold.reservationId);

        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.paymentId()).isEqualTo(first.paymentId());
        assertThat(retry.paymentStatus()).isEqualTo("COMPLETED");
        assertThat(doubles.requestsFor(hold.reservationId)).hasSize(1);
    }

    @Test
    void the_same_key_for_another_reservation_is_refused() {
        UUID user = userWith(100_000);
        Hold first = seenHold(user, 10_000);
        Hold second = seenHold(user, 10_000);
        String key = UUID.randomUUID().toString();
        settled(user, api.pay(user, key, first.reservationId).paymentId());

        Reply reused = api.pay(user, key, second.reservationId);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(doubles.requestsFor(second.reservationId)).isEmpty();
    }

    @Test
    void a_paid_reservation_cannot_be_paid_again() {
        UUID user = userWith(100_000);
        Hold hold = seenHold(user, 10_000);
        settled(user, api.pay(user, hold.reservationId).paymentId());

        Reply again = api.pay(user, hold.reservationId);

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_PAID");
        assertThat(doubles.requestsFor(hold.reservationId)).hasSize(1);
    }

    @Test
    void a_saga_interrupted_by_a_stopped_consumer_completes_after_it_restarts() {
        UUID user = userWith(60_000);
        Hold hold = seenHold(user, 40_000);
        MessageListenerContainer saga = listeners.getListenerContainer("payment-saga");
        assertThat(saga).isNotNull();
        Reply paid;
        saga.stop();
        try {
            paid = api.pay(user, hold.reservationId);
            // the wallet and reservation doubles carry on; only payment-service does not hear the outcome
            await().atMost(SAGA).until(() -> "CONFIRMED".equals(hold.state()));
            assertThat(paid.status()).isEqualTo(202);
            assertThat(paid.paymentStatus()).isEqualTo("PENDING");
            assertThat(api.payment(user, paid.paymentId()).paymentStatus()).isEqualTo("PENDING");
        } finally {
            saga.start();
        }
        assertThat(settled(user, paid.paymentId()).paymentStatus()).isEqualTo("COMPLETED");
        assertThat(doubles.debitsFor(hold.reservationId)).isEqualTo(1);
    }

    @Test
    void a_redelivered_or_late_event_changes_nothing() {
        UUID user = userWith(60_000);
        Hold hold = seenHold(user, 40_000);
        Reply paid = api.pay(user, hold.reservationId);
        assertThat(settled(user, paid.paymentId()).paymentStatus()).isEqualTo("COMPLETED");
        double completedBefore = completedCount();

        EventEnvelope confirmed = doubles.published(ReservationConfirmed.class, hold.reservationId).getFirst();
        doubles.publish(confirmed);
        doubles.publish(confirmed);
        // a late, contradicting event of another kind cannot move a COMPLETED payment either
        doubles.publish(new WalletDebitFailed(paid.paymentId(), hold.reservationId, user, 40_000,
                DebitFailure.INSUFFICIENT_BALANCE));
        // markers behind them on the same partitions: once they are processed, so were the events before them
        awaitProcessed(doubles.publish(new SeatReleased(hold.reservationId, hold.scheduleId, hold.seatId, user,
                ReleaseReason.HOLD_EXPIRED)));
        awaitProcessed(doubles.publish(new WalletRefunded(UUID.randomUUID(), hold.reservationId, user, 1, 0)));

        Reply payment = api.payment(user, paid.paymentId());
        assertThat(payment.paymentStatus()).isEqualTo("COMPLETED");
        assertThat(payment.body().path("failureReason").isNull()).isTrue();
        assertThat(completedCount()).isEqualTo(completedBefore);
        assertThat(jdbc.sql("SELECT status FROM reservation_view WHERE reservation_id = :r")
                .param("r", hold.reservationId.toString()).query(String.class).single()).isEqualTo("CONFIRMED");
    }

    @Test
    void an_expired_hold_is_refused_before_anything_is_asked_of_the_wallet() {
        UUID user = userWith(60_000);
        Hold hold = doubles.hold(user, 10_000, Instant.now().minusSeconds(1));
        awaitView(hold);

        Reply refused = api.pay(user, hold.reservationId);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("HOLD_EXPIRED");
        assertThat(doubles.requestsFor(hold.reservationId)).isEmpty();
    }

    @Test
    void a_released_hold_is_refused() {
        UUID user = userWith(60_000);
        Hold hold = seenHold(user, 10_000);
        doubles.release(hold);
        await().atMost(SAGA).until(() -> "RELEASED".equals(jdbc.sql(
                "SELECT status FROM reservation_view WHERE reservation_id = :r")
                .param("r", hold.reservationId.toString()).query(String.class).single()));

        Reply refused = api.pay(user, hold.reservationId);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("RESERVATION_NOT_HELD");
    }

    @Test
    void only_the_owner_may_pay_for_a_reservation_or_read_a_payment() {
        UUID owner = userWith(60_000);
        UUID other = userWith(60_000);
        Hold hold = seenHold(owner, 10_000);

        Reply stranger = api.pay(other, hold.reservationId);
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.code()).isEqualTo("NOT_YOUR_RESERVATION");

        Reply paid = api.pay(owner, hold.reservationId);
        Reply peek = api.payment(other, paid.paymentId());
        assertThat(peek.status()).isEqualTo(403);
        assertThat(peek.code()).isEqualTo("NOT_YOUR_PAYMENT");
        assertThat(api.payment(owner, UUID.randomUUID()).code()).isEqualTo("PAYMENT_NOT_FOUND");
        settled(owner, paid.paymentId());
    }

    private double completedCount() {
        return outcomeCount("completed", "none");
    }

    private double outcomeCount(String outcome, String reason) {
        var counter = meters.find("payments.outcome").tag("outcome", outcome).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitProcessed(EventEnvelope envelope) {
        await().atMost(SAGA).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM processed_event WHERE consumer = 'payment-service' AND event_id = :id")
                .param("id", envelope.eventId().toString()).query(Long.class).single() == 1);
    }

    static List<Reply> concurrently(int n, IntFunction<Reply> call) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Reply>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    go.await();
                    return call.apply(index);
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
