package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentFixtures;
import dev.concert.payment.payment.PaymentStatus;

import org.junit.jupiter.api.Test;

class OutcomeWaitTest {

    final Payment pending = PaymentFixtures.in(PaymentStatus.PENDING, UUID.randomUUID(), UUID.randomUUID(), 1_000);
    final SettledSignals signals = new SettledSignals();

    Payment as(PaymentStatus status) {
        return PaymentFixtures.in(status, pending.reservationId(), pending.userId(), pending.amount());
    }

    @Test
    void a_settled_payment_is_answered_without_waiting_or_reading() {
        AtomicInteger reads = new AtomicInteger();
        Payment done = as(PaymentStatus.COMPLETED);
        assertThat(new OutcomeWait(Duration.ofSeconds(2), Duration.ofMillis(200), id -> {
            reads.incrementAndGet();
            return Optional.of(done);
        }, signals).await(done)).isSameAs(done);
        assertThat(reads).hasValue(0);
    }

    @Test
    void a_settlement_in_this_instance_wakes_the_request_before_the_next_poll() throws Exception {
        AtomicReference<Payment> stored = new AtomicReference<>(pending);
        ScheduledExecutorService saga = Executors.newSingleThreadScheduledExecutor();
        saga.schedule(() -> {
            stored.set(as(PaymentStatus.COMPLETED));
            signals.settled(pending.paymentId());
        }, 100, TimeUnit.MILLISECONDS);
        long started = System.nanoTime();

        Payment outcome = new OutcomeWait(Duration.ofSeconds(5), Duration.ofSeconds(3),
                id -> Optional.of(stored.get()), signals).await(pending);

        assertThat(outcome.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        saga.shutdown();
    }

    @Test
    void a_settlement_by_another_instance_is_found_by_polling() {
        AtomicInteger reads = new AtomicInteger();
        Payment outcome = new OutcomeWait(Duration.ofSeconds(2), Duration.ofMillis(20), id ->
                Optional.of(reads.incrementAndGet() < 3 ? pending : as(PaymentStatus.FAILED)), signals)
                .await(pending);

        assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(reads).hasValue(3);
    }

    @Test
    void a_saga_slower_than_the_wait_is_answered_pending_when_the_wait_is_over() {
        long started = System.nanoTime();
        Payment outcome = new OutcomeWait(Duration.ofMillis(300), Duration.ofMillis(50), id -> Optional.of(pending),
                signals).await(pending);

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(waited).isBetween(Duration.ofMillis(290), Duration.ofMillis(1_000));
    }

    @Test
    void a_zero_wait_answers_at_once() {
        assertThat(new OutcomeWait(Duration.ZERO, Duration.ofMillis(50), id -> Optional.of(as(PaymentStatus.COMPLETED)),
                signals).await(pending)).isSameAs(pending);
    }
}
