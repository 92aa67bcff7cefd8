package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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

    /** The saga in this instance: the payment stored COMPLETED and its waiters signalled 100 ms from now. */
    ScheduledExecutorService completedIn100Ms(AtomicReference<Payment> stored) {
        ScheduledExecutorService saga = Executors.newSingleThreadScheduledExecutor();
        saga.schedule(() -> {
            stored.set(as(PaymentStatus.COMPLETED));
            signals.settled(pending.paymentId());
        }, 100, TimeUnit.MILLISECONDS);
        return saga;
    }

    @Test
    void a_settled_payment_is_answered_without_waiting_or_reading() {
        AtomicInteger reads = new AtomicInteger();
        Payment done = as(PaymentStatus.COMPLETED);
        assertThat(new OutcomeWait(Duration.ofSeconds(2), id -> {
            reads.incrementAndGet();
            return Optional.of(done);
        }, signals).await(done)).isSameAs(done);
        assertThat(reads).hasValue(0);
    }

    @Test
    void a_settlement_in_this_instance_wakes_the_request_before_the_next_poll() throws Exception {
        AtomicReference<Payment> stored = new AtomicReference<>(pending);
        ScheduledExecutorService saga = completedIn100Ms(stored);
        long started = System.nanoTime();

        Payment outcome = new OutcomeWait(Duration.ofSeconds(5),
                id -> Optional.of(stored.get()), signals).await(pending);

        assertThat(outcome.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        saga.shutdown();
    }

    @Test
    void a_settlement_by_another_instance_is_found_by_one_sweep_for_all_waiting_requests() throws Exception {
        AtomicReference<Payment> stored = new AtomicReference<>(pending);
        AtomicInteger reads = new AtomicInteger();
        List<java.util.Collection<UUID>> swept = new java.util.concurrent.CopyOnWriteArrayList<>();
        ScheduledExecutorService otherInstance = Executors.newSingleThreadScheduledExecutor();
        otherInstance.schedule(() -> {
            stored.set(as(PaymentStatus.FAILED));
            signals.sweep(ids -> {
                swept.add(List.copyOf(ids));
                return ids;
            });
        }, 100, TimeUnit.MILLISECONDS);

        Payment outcome = new OutcomeWait(Duration.ofSeconds(5), id -> {
            reads.incrementAndGet();
            return Optional.of(stored.get());
        }, signals).await(pending);

        assertThat(outcome.status()).isEqualTo(PaymentStatus.FAILED);
        assertThat(swept).containsExactly(List.of(pending.paymentId()));
        // once when subscribing, once when woken: nothing while waiting
        assertThat(reads).hasValue(2);
        otherInstance.shutdown();
    }

    @Test
    void a_payment_subscribed_to_before_it_was_written_is_read_once_when_its_outcome_is_heard() {
        AtomicReference<Payment> stored = new AtomicReference<>(pending);
        AtomicInteger reads = new AtomicInteger();
        SettledSignals.Subscription settled = signals.subscribe(pending.paymentId());
        ScheduledExecutorService saga = completedIn100Ms(stored);
        long started = System.nanoTime();

        Payment outcome = new OutcomeWait(Duration.ofSeconds(5), id -> {
            reads.incrementAndGet();
            return Optional.of(stored.get());
        }, signals).awaitWritten(pending, settled);

        assertThat(outcome.status()).isEqualTo(PaymentStatus.COMPLETED);
        assertThat(reads).hasValue(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        assertThat(signals.waiting()).isZero();
        saga.shutdown();
    }

    @Test
    void a_payment_settled_by_this_instances_saga_is_answered_as_the_signal_brings_it_without_a_read() {
        AtomicInteger reads = new AtomicInteger();
        SettledSignals.Subscription settled = signals.subscribe(pending.paymentId());
        Payment completed = PaymentFixtures.now(pending, PaymentStatus.COMPLETED);
        ScheduledExecutorService saga = Executors.newSingleThreadScheduledExecutor();
        saga.schedule(() -> signals.settled(completed), 100, TimeUnit.MILLISECONDS);

        Payment outcome = new OutcomeWait(Duration.ofSeconds(5), id -> {
            reads.incrementAndGet();
            return Optional.of(pending);
        }, signals).awaitWritten(pending, settled);

        assertThat(outcome).isSameAs(completed);
        assertThat(reads).hasValue(0);
        assertThat(signals.waiting()).isZero();
        saga.shutdown();
    }

    @Test
    void a_written_payment_slower_than_the_wait_is_read_once_and_answered_pending() {
        AtomicInteger reads = new AtomicInteger();
        Payment outcome = new OutcomeWait(Duration.ofMillis(200), id -> {
            reads.incrementAndGet();
            return Optional.of(pending);
        }, signals).awaitWritten(pending, signals.subscribe(pending.paymentId()));

        assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(reads).hasValue(1);
        assertThat(signals.waiting()).isZero();
    }

    @Test
    void a_sweep_asks_for_many_waiting_payments_in_bounded_chunks() {
        List<SettledSignals.Subscription> subscriptions = new java.util.ArrayList<>();
        for (int i = 0; i < SettledSignals.SWEEP_CHUNK + 1; i++) {
            subscriptions.add(signals.subscribe(UUID.randomUUID()));
        }
        List<Integer> asked = new java.util.ArrayList<>();
        signals.sweep(ids -> {
            asked.add(ids.size());
            return List.of();
        });
        assertThat(asked).containsExactlyInAnyOrder(SettledSignals.SWEEP_CHUNK, 1);
        subscriptions.forEach(SettledSignals.Subscription::close);
        assertThat(signals.waiting()).isZero();
    }

    @Test
    void a_client_may_ask_for_a_shorter_wait_but_never_a_longer_one() {
        long started = System.nanoTime();
        OutcomeWait wait = new OutcomeWait(Duration.ofMillis(400), id -> Optional.of(pending), signals);
        assertThat(wait.await(pending, Duration.ofMillis(100)).status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(390));
        started = System.nanoTime();
        wait.await(pending, Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isBetween(Duration.ofMillis(390),
                Duration.ofMillis(2_000));
        assertThat(wait.await(pending, Duration.ZERO)).isSameAs(pending);
    }

    @Test
    void a_saga_slower_than_the_wait_is_answered_pending_when_the_wait_is_over() {
        long started = System.nanoTime();
        Payment outcome = new OutcomeWait(Duration.ofMillis(300), id -> Optional.of(pending),
                signals).await(pending);

        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertThat(outcome.status()).isEqualTo(PaymentStatus.PENDING);
        assertThat(waited).isBetween(Duration.ofMillis(290), Duration.ofMillis(1_000));
    }

    @Test
    void a_zero_wait_answers_at_once() {
        assertThat(new OutcomeWait(Duration.ZERO, id -> Optional.of(as(PaymentStatus.COMPLETED)),
                signals).await(pending)).isSameAs(pending);
    }
}
