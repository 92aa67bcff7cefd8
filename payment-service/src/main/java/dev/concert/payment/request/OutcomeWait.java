package dev.concert.payment.request;

import dev.concert.payment.payment.Payment;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Lets a POST answer with the saga's outcome when it comes quickly. It wakes when this instance settles the payment
 * ({@link SettledSignals}) and otherwise re-reads the database every {@code poll}: the outcome event may have been
 * consumed by another instance of this service.
 */
final class OutcomeWait {

    private final Duration wait;
    private final Duration poll;
    private final Function<UUID, Optional<Payment>> reload;
    private final SettledSignals signals;

    OutcomeWait(Duration wait, Duration poll, Function<UUID, Optional<Payment>> reload, SettledSignals signals) {
        this.wait = wait;
        this.poll = poll;
        this.reload = reload;
        this.signals = signals;
    }

    /** The payment once settled, or as it stands when the wait is over. */
    Payment await(Payment payment) {
        if (payment.status().isSettled() || wait.isZero()) {
            return payment;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try (SettledSignals.Subscription settled = signals.subscribe(payment.paymentId())) {
            // it may have settled between the caller's read and the subscription
            Payment current = reload.apply(payment.paymentId()).orElse(payment);
            while (!current.status().isSettled()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return current;
                }
                settled.await(Duration.ofNanos(Math.min(left, poll.toNanos())));
                current = reload.apply(current.paymentId()).orElse(current);
            }
            return current;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return payment;
        }
    }
}
