package dev.concert.payment.reservationview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.concert.payment.PaymentApi;
import dev.concert.testing.ServiceHttp.Reply;
import dev.concert.payment.PaymentServiceTest;
import dev.concert.payment.ReservationServiceStub;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

import dev.concert.events.EventCodec;
import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.Topics;
import dev.concert.testing.KafkaProbe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A user pays before payment-service has heard {@code SeatHeld}: it asks reservation-service (a local HTTP stub) and
 * fails fast with 503 when that service is down, slow or failing.
 */
@PaymentServiceTest
class ReservationFallbackIT {

    @LocalServerPort
    int port;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ReservationServiceClient client;

    PaymentApi api;
    ReservationServiceStub reservationService;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        reservationService = ReservationServiceStub.get();
    }

    @AfterEach
    void restore() {
        reservationService.reset();
        client.breaker().reset();
    }

    record Hold(UUID reservationId, UUID userId, UUID scheduleId, long price) {
    }

    /** Held in reservation-service, but its SeatHeld has not reached payment-service. */
    Hold unannouncedHold(UUID user, long price) {
        Hold hold = new Hold(UUID.randomUUID(), user, UUID.randomUUID(), price);
        reservationService.knows(hold.reservationId(), user, hold.scheduleId(), price, "HELD",
                Instant.now().plusSeconds(300));
        return hold;
    }

    @Test
    void an_unannounced_hold_is_checked_with_reservation_service_and_paid() {
        UUID user = UUID.randomUUID();
        Hold hold = unannouncedHold(user, 90_000);
        int callsBefore = reservationService.calls();

        Reply paid;
        try (KafkaProbe requests = new KafkaProbe(Topics.PAYMENT)) {
            paid = api.pay(user, hold.scheduleId(), hold.reservationId());
            PaymentRequested request = requests.await(PaymentRequested.class,
                    e -> e.reservationId().equals(hold.reservationId()), 1, Duration.ofSeconds(30)).getFirst();
            assertThat(request.amount()).isEqualTo(90_000);
            // what reservation-service would answer once the wallet has paid
            ReservationConfirmed confirmed = new ReservationConfirmed(hold.reservationId(), request.paymentId(),
                    UUID.randomUUID(), UUID.randomUUID(), user, request.amount(), 0, 1);
            kafka.send(Topics.RESERVATION, confirmed.key(), codec.toJson(codec.wrap(confirmed))).join();
        }

        assertThat(paid.status()).isIn(200, 202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "COMPLETED".equals(api.payment(user, paid.uuid("paymentId")).text("status")));
        assertThat(reservationService.calls()).isEqualTo(callsBefore + 1);
        // what it answered was kept: the next request does not ask again
        Reply again = api.pay(user, hold.scheduleId(), hold.reservationId());
        assertThat(again.code()).isEqualTo("ALREADY_PAID");
        assertThat(reservationService.calls()).isEqualTo(callsBefore + 1);
    }

    @Test
    void reservation_service_is_trusted_about_the_owner_and_the_hold() {
        UUID owner = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        Hold hold = unannouncedHold(owner, 5_000);
        UUID sale = hold.scheduleId();
        UUID expired = UUID.randomUUID();
        reservationService.knows(expired, owner, sale, 5_000, "HELD", Instant.now().minusSeconds(1));
        UUID released = UUID.randomUUID();
        reservationService.knows(released, owner, sale, 5_000, "EXPIRED", Instant.now().minusSeconds(60));

        assertThat(api.pay(other, sale, hold.reservationId()).code()).isEqualTo("NOT_YOUR_RESERVATION");
        assertThat(api.pay(owner, sale, expired).code()).isEqualTo("HOLD_EXPIRED");
        assertThat(api.pay(owner, sale, released).code()).isEqualTo("RESERVATION_NOT_HELD");
        assertNoPaymentOf(owner);
        assertNoPaymentOf(other);
    }

    @Test
    void with_reservation_service_down_the_payment_fails_fast_with_503() {
        UUID user = UUID.randomUUID();
        Hold hold = unannouncedHold(user, 5_000);
        reservationService.goAway();

        Reply reply = api.pay(user, hold.scheduleId(), hold.reservationId());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        assertThat(reply.code()).isEqualTo("RESERVATION_SERVICE_UNAVAILABLE");
        assertThat(reply.headers().get("retry-after")).containsExactly("5");
        assertThat(reply.millis()).isLessThan(1_500);
        assertNoPaymentOf(user);
    }

    @Test
    void a_slow_reservation_service_is_given_up_on_after_the_timeout() {
        UUID user = UUID.randomUUID();
        Hold hold = unannouncedHold(user, 5_000);
        reservationService.answerAfter(Duration.ofSeconds(5));

        Reply reply = api.pay(user, hold.scheduleId(), hold.reservationId());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.code()).isEqualTo("RESERVATION_SERVICE_UNAVAILABLE");
        // two attempts of 1 s each (test settings), well before the stub's 5 s
        assertThat(reply.millis()).isBetween(1_900L, 3_500L);
        assertNoPaymentOf(user);
    }

    @Test
    void a_failing_reservation_service_opens_the_circuit_and_then_is_not_called_at_all() {
        UUID user = UUID.randomUUID();
        reservationService.failWith(500);
        for (int i = 0; i < 3 && client.breaker().getState() == CircuitBreaker.State.CLOSED; i++) {
            Hold hold = unannouncedHold(user, 5_000);
            Reply reply = api.pay(user, hold.scheduleId(), hold.reservationId());
            assertThat(reply.status()).isEqualTo(503);
        }
        assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        int callsBefore = reservationService.calls();
        Hold hold = unannouncedHold(user, 5_000);
        Reply reply = api.pay(user, hold.scheduleId(), hold.reservationId());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.code()).isEqualTo("RESERVATION_SERVICE_UNAVAILABLE");
        assertThat(reply.millis()).isLessThan(500);
        assertThat(reservationService.calls()).isEqualTo(callsBefore);
        assertNoPaymentOf(user);
    }

    /**
     * The request's first read finds nothing; while reservation-service is asked about the hold (which has run out by
     * now), the original request with the same key commits. The retry gets the original back, not HOLD_EXPIRED.
     */
    @Test
    void a_retry_whose_original_committed_while_the_hold_was_looked_up_gets_the_original() throws Exception {
        UUID user = UUID.randomUUID();
        UUID sale = UUID.randomUUID();
        UUID reservation = UUID.randomUUID();
        String key = "retry-" + UUID.randomUUID();
        reservationService.knows(reservation, user, sale, 5_000, "HELD", Instant.now().minusSeconds(1));
        reservationService.answerAfter(Duration.ofMillis(600));
        UUID original = UUID.randomUUID();

        CompletableFuture<Reply> retry = CompletableFuture.supplyAsync(() -> api.pay(user, sale, key, reservation));
        Thread.sleep(250);
        tx.executeWithoutResult(s -> jdbc.sql("""
                        INSERT INTO payment (payment_id, reservation_id, user_id, amount, status, idempotency_key,
                                             live_reservation_id)
                        VALUES (:id, :reservation, :user, 5000, 'PENDING', :key, :reservation)""")
                .param("id", original.toString())
                .param("reservation", reservation.toString())
                .param("user", user.toString())
                .param("key", key)
                .update());
        Reply reply = retry.get(10, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(reply.status()).isIn(200, 202);
        assertThat(reply.uuid("paymentId")).isEqualTo(original);
    }

    @Test
    void a_reservation_unknown_to_reservation_service_is_not_retried() {
        UUID user = UUID.randomUUID();
        int callsBefore = reservationService.calls();

        Reply reply = api.pay(user, UUID.randomUUID(), UUID.randomUUID());

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.code()).isEqualTo("RESERVATION_NOT_FOUND");
        assertThat(reservationService.calls()).isEqualTo(callsBefore + 1);
        assertThat(client.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
    }

    private void assertNoPaymentOf(UUID user) {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE user_id = :u").param("u", user.toString())
                .query(Long.class).single()).isZero();
    }
}
