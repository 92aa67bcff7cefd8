package dev.concert.payment.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DebitFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebitFailed;
import dev.concert.events.WalletRefunded;
import dev.concert.payment.PaymentApi;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.payment.PaymentServiceTest;
import dev.concert.testing.KafkaProbe;

import io.micrometer.core.instrument.MeterRegistry;
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
 * payment-service as a saga participant on the real broker and database: the test says what reservation-service and
 * wallet-service would say (their events, published by hand, one at a time) and checks what payment-service
 * announces and where each payment ends. The whole saga with every service is the end-to-end journey's.
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
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    PaymentApi api;
    KafkaProbe requests;

    record Hold(UUID reservationId, UUID userId, UUID scheduleId, UUID seatId, long price) {
    }

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        requests = new KafkaProbe(Topics.PAYMENT);
    }

    @AfterEach
    void tearDown() {
        requests.close();
    }

    /** reservation-service announced the hold and payment-service has seen it. */
    Hold seenHold(UUID user, long price) {
        return seenHold(user, price, Instant.now().plusSeconds(300));
    }

    Hold seenHold(UUID user, long price, Instant expiresAt) {
        Hold hold = new Hold(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(), price);
        awaitProcessed(publish(new SeatHeld(hold.reservationId(), hold.scheduleId(), hold.seatId(), 7, user, price,
                expiresAt)));
        return hold;
    }

    EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        kafka.send(EventType.of(event).topic(), event.key(), codec.toJson(envelope)).join();
        return envelope;
    }

    PaymentRequested requested(Hold hold) {
        return requests.await(PaymentRequested.class, e -> e.reservationId().equals(hold.reservationId()), 1, SAGA)
                .getFirst();
    }

    ReservationConfirmed confirmation(PaymentRequested request, Hold hold) {
        return new ReservationConfirmed(hold.reservationId(), request.paymentId(), hold.scheduleId(), hold.seatId(),
                hold.userId(), request.amount(), 0, 1);
    }

    /** The payment's final state, asked the way a polling client would. */
    Reply settled(UUID user, UUID paymentId) {
        await().atMost(SAGA).until(() -> !"PENDING".equals(api.payment(user, paymentId).text("status")));
        return api.payment(user, paymentId);
    }

    @Test
    void a_payment_announces_PaymentRequested_and_a_booked_seat_answers_it_COMPLETED_within_the_wait() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 150_000);
        double completedBefore = outcomeCount("completed", "none");

        CompletableFuture<Reply> paying = CompletableFuture.supplyAsync(
                () -> api.pay(user, hold.scheduleId(), hold.reservationId()));
        PaymentRequested request = requested(hold);
        assertThat(request.amount()).isEqualTo(150_000);
        assertThat(request.userId()).isEqualTo(user);
        publish(confirmation(request, hold));
        Reply paid = paying.join();

        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.text("status")).isEqualTo("COMPLETED");
        assertThat(paid.uuid("paymentId")).isEqualTo(request.paymentId());
        assertThat(paid.headers().get("location")).containsExactly("/api/v1/payments/" + paid.uuid("paymentId"));
        assertThat(paid.body().path("finishedAt").isNull()).isFalse();
        await().atMost(SAGA).until(() -> outcomeCount("completed", "none") == completedBefore + 1);
        assertThat(viewStatus(hold)).isEqualTo("CONFIRMED");
    }

    @Test
    void a_client_that_prefers_to_wait_gets_the_outcome_as_it_comes_instead_of_polling() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 40_000);
        Reply accepted = api.pay(user, hold.scheduleId(), hold.reservationId());
        assertThat(accepted.status()).isEqualTo(202);
        UUID paymentId = accepted.uuid("paymentId");
        // a malformed preference is ignored: the answer comes at once, still PENDING
        Reply malformed = api.payment(user, paymentId, "wait=soon");
        assertThat(malformed.status()).isEqualTo(200);
        assertThat(malformed.text("status")).isEqualTo("PENDING");
        assertThat(malformed.headers().get("preference-applied")).isNull();

        CompletableFuture<Reply> waiting = CompletableFuture.supplyAsync(
                () -> api.payment(user, paymentId, "respond-async, wait=30"));
        publish(confirmation(requested(hold), hold));
        Reply outcome = waiting.join();

        assertThat(outcome.status()).isEqualTo(200);
        assertThat(outcome.text("status")).isEqualTo("COMPLETED");
        assertThat(outcome.headers().get("preference-applied")).containsExactly("wait=30");
    }

    @Test
    void a_wait_longer_than_the_server_grants_is_cut_to_the_configured_response_wait() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 40_000);
        UUID paymentId = api.pay(user, hold.scheduleId(), hold.reservationId()).uuid("paymentId");

        long started = System.nanoTime();
        Reply pending = api.payment(user, paymentId, "wait=30");

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(pending.text("status")).isEqualTo("PENDING");
        // payment.response-wait is 2 s in the tests
        assertThat(waited).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(5));
    }

    @Test
    void a_refused_debit_fails_the_payment_and_the_hold_can_be_paid_again() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 100_000);
        Reply first = api.pay(user, hold.scheduleId(), hold.reservationId());
        PaymentRequested request = requested(hold);
        publish(new WalletDebitFailed(request.paymentId(), hold.reservationId(), user, 100_000,
                DebitFailure.INSUFFICIENT_BALANCE));

        Reply failed = settled(user, first.uuid("paymentId"));
        assertThat(failed.text("status")).isEqualTo("FAILED");
        assertThat(failed.body().path("failureReason").asString()).isEqualTo("INSUFFICIENT_BALANCE");

        Reply second = api.pay(user, hold.scheduleId(), hold.reservationId());
        assertThat(second.status()).isIn(200, 202);
        assertThat(second.uuid("paymentId")).isNotEqualTo(first.uuid("paymentId"));
    }

    @Test
    void a_debit_for_a_lapsed_hold_ends_REFUNDED_with_its_reason_whichever_topic_is_heard_first() {
        UUID user = UUID.randomUUID();
        for (boolean refundFirst : new boolean[]{false, true}) {
            Hold hold = seenHold(user, 70_000);
            UUID paymentId = api.pay(user, hold.scheduleId(), hold.reservationId()).uuid("paymentId");
            requested(hold);
            DomainEvent failed = new ReservationConfirmationFailed(hold.reservationId(), paymentId, user, 70_000,
                    ConfirmationFailure.HOLD_EXPIRED);
            DomainEvent refunded = new WalletRefunded(paymentId, hold.reservationId(), user, 70_000, 70_000);
            if (refundFirst) {
                awaitProcessed(publish(refunded));
                awaitProcessed(publish(failed));
            } else {
                awaitProcessed(publish(failed));
                awaitProcessed(publish(refunded));
            }

            Reply payment = api.payment(user, paymentId);
            assertThat(payment.text("status")).as("refund first: %s", refundFirst).isEqualTo("REFUNDED");
            assertThat(payment.body().path("failureReason").asString()).isEqualTo("HOLD_EXPIRED");
        }
    }

    @Test
    void concurrent_payments_of_one_reservation_request_it_once() throws Exception {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 120_000);

        List<Reply> replies = concurrently(8, i -> api.pay(user, hold.scheduleId(), hold.reservationId()));

        assertThat(replies).filteredOn(r -> r.status() == 200 || r.status() == 202).hasSize(1);
        assertThat(replies).filteredOn(r -> r.status() == 409).hasSize(7)
                .allSatisfy(r -> assertThat(r.code()).isEqualTo("PAYMENT_IN_PROGRESS"));
        requested(hold);
        assertThat(requests.settle(PaymentRequested.class, e -> e.reservationId().equals(hold.reservationId()),
                Duration.ofSeconds(1)))
                .hasSize(1);
        assertThat(paymentsOf(hold)).isEqualTo(1);
    }

    @Test
    void the_same_idempotency_key_sent_concurrently_starts_one_payment_and_a_retry_gets_it_back() throws Exception {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 30_000);
        String key = UUID.randomUUID().toString();

        List<Reply> replies = concurrently(10, i -> api.pay(user, hold.scheduleId(), key, hold.reservationId()));

        assertThat(replies).allSatisfy(r -> assertThat(r.status()).isIn(200, 202));
        assertThat(replies.stream().map(r -> r.uuid("paymentId")).distinct()).hasSize(1);
        publish(confirmation(requested(hold), hold));
        settled(user, replies.getFirst().uuid("paymentId"));
        Reply retry = api.pay(user, hold.scheduleId(), key, hold.reservationId());
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.uuid("paymentId")).isEqualTo(replies.getFirst().uuid("paymentId"));
        assertThat(retry.text("status")).isEqualTo("COMPLETED");
        assertThat(paymentsOf(hold)).isEqualTo(1);
    }

    @Test
    void a_key_reused_for_another_reservation_and_a_paid_reservation_are_refused() {
        UUID user = UUID.randomUUID();
        Hold first = seenHold(user, 10_000);
        Hold second = seenHold(user, 10_000);
        String key = UUID.randomUUID().toString();
        UUID paid = api.pay(user, first.scheduleId(), key, first.reservationId()).uuid("paymentId");
        publish(confirmation(requested(first), first));
        settled(user, paid);

        Reply reused = api.pay(user, second.scheduleId(), key, second.reservationId());
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        Reply again = api.pay(user, first.scheduleId(), first.reservationId());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("ALREADY_PAID");
        assertThat(paymentsOf(second)).isZero();
    }

    @Test
    void an_outcome_heard_while_the_consumer_is_stopped_is_applied_after_it_restarts() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 40_000);
        MessageListenerContainer saga = listeners.getListenerContainer(PaymentSagaEvents.LISTENER_ID);
        assertThat(saga).isNotNull();
        Reply paid;
        saga.stop();
        try {
            paid = api.pay(user, hold.scheduleId(), hold.reservationId());
            publish(confirmation(requested(hold), hold));
            assertThat(paid.status()).isEqualTo(202);
            assertThat(api.payment(user, paid.uuid("paymentId")).text("status")).isEqualTo("PENDING");
        } finally {
            saga.start();
        }
        assertThat(settled(user, paid.uuid("paymentId")).text("status")).isEqualTo("COMPLETED");
    }

    @Test
    void a_redelivered_or_late_event_changes_nothing() {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 40_000);
        UUID paymentId = api.pay(user, hold.scheduleId(), hold.reservationId()).uuid("paymentId");
        EventEnvelope confirmed = publish(confirmation(requested(hold), hold));
        assertThat(settled(user, paymentId).text("status")).isEqualTo("COMPLETED");
        double completedBefore = outcomeCount("completed", "none");

        kafka.send(Topics.RESERVATION, confirmed.key(), codec.toJson(confirmed)).join();
        // a late, contradicting event of another kind cannot move a COMPLETED payment either
        publish(new WalletDebitFailed(paymentId, hold.reservationId(), user, 40_000,
                DebitFailure.INSUFFICIENT_BALANCE));
        // markers behind them on the same partitions: once they are processed, so were the events before them
        awaitProcessed(publish(new SeatReleased(hold.reservationId(), hold.scheduleId(), hold.seatId(), user,
                ReleaseReason.HOLD_EXPIRED, 0, 2)));
        awaitProcessed(publish(new WalletRefunded(UUID.randomUUID(), hold.reservationId(), user, 1, 0)));

        Reply payment = api.payment(user, paymentId);
        assertThat(payment.text("status")).isEqualTo("COMPLETED");
        assertThat(payment.body().path("failureReason").isNull()).isTrue();
        assertThat(outcomeCount("completed", "none")).isEqualTo(completedBefore);
        assertThat(viewStatus(hold)).isEqualTo("CONFIRMED");
    }

    /** By its owner (CANCELLED) or with its date, cancelled by an operator (SCHEDULE_CANCELLED): the same path. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = ReleaseReason.class, names = {"CANCELLED",
            "SCHEDULE_CANCELLED"})
    void a_completed_payment_becomes_REFUNDED_when_its_booking_is_cancelled_and_the_wallet_gives_the_money_back(
            ReleaseReason reason) {
        UUID user = UUID.randomUUID();
        Hold hold = seenHold(user, 70_000);
        UUID paymentId = api.pay(user, hold.scheduleId(), hold.reservationId()).uuid("paymentId");
        publish(confirmation(requested(hold), hold));
        assertThat(settled(user, paymentId).text("status")).isEqualTo("COMPLETED");

        // what reservation-service announces when the owner cancels the booking, then the wallet's refund
        awaitProcessed(publish(new SeatReleased(hold.reservationId(), hold.scheduleId(), hold.seatId(), user,
                reason, 0, 2)));
        assertThat(viewStatus(hold)).isEqualTo("RELEASED");
        awaitProcessed(publish(new WalletRefunded(paymentId, hold.reservationId(), user, 70_000, 70_000)));

        assertThat(api.payment(user, paymentId).text("status")).isEqualTo("REFUNDED");
        Reply again = api.pay(user, hold.scheduleId(), hold.reservationId());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("RESERVATION_NOT_HELD");
    }

    @Test
    void an_expired_or_released_hold_is_refused_before_anything_is_requested() {
        UUID user = UUID.randomUUID();
        Hold expired = seenHold(user, 10_000, Instant.now().minusSeconds(1));
        Hold released = seenHold(user, 10_000);
        awaitProcessed(publish(new SeatReleased(released.reservationId(), released.scheduleId(), released.seatId(),
                user, ReleaseReason.HOLD_EXPIRED, 0, 1)));

        Reply late = api.pay(user, expired.scheduleId(), expired.reservationId());
        Reply gone = api.pay(user, released.scheduleId(), released.reservationId());

        assertThat(late.status()).isEqualTo(409);
        assertThat(late.code()).isEqualTo("HOLD_EXPIRED");
        assertThat(gone.status()).isEqualTo(409);
        assertThat(gone.code()).isEqualTo("RESERVATION_NOT_HELD");
        assertThat(paymentsOf(expired) + paymentsOf(released)).isZero();
    }

    @Test
    void only_the_owner_may_pay_for_a_reservation_or_read_a_payment() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Hold hold = seenHold(owner, 10_000);

        Reply stranger = api.pay(other, hold.scheduleId(), hold.reservationId());
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.code()).isEqualTo("NOT_YOUR_RESERVATION");

        Reply paid = api.pay(owner, hold.scheduleId(), hold.reservationId());
        Reply peek = api.payment(other, paid.uuid("paymentId"));
        // as absent as a payment that does not exist: the answer does not tell that the id is real
        assertThat(peek.status()).isEqualTo(404);
        assertThat(peek.code()).isEqualTo("PAYMENT_NOT_FOUND");
        Reply unknown = api.payment(owner, UUID.randomUUID());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(api.payment(owner, paid.uuid("paymentId")).status()).isEqualTo(200);
    }

    private long paymentsOf(Hold hold) {
        return jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :r")
                .param("r", hold.reservationId().toString()).query(Long.class).single();
    }

    private String viewStatus(Hold hold) {
        return jdbc.sql("SELECT status FROM reservation_view WHERE reservation_id = :r")
                .param("r", hold.reservationId().toString()).query(String.class).single();
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
