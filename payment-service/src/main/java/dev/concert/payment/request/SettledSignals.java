package dev.concert.payment.request;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import dev.concert.payment.payment.Payment;

import org.springframework.stereotype.Component;

/**
 * Wakes requests waiting for a payment's outcome: at once when a saga step in this same instance settles it, and
 * otherwise at the next {@link #sweep}, one query for all waiting requests together (the outcome may have been consumed
 * by another instance). A request waiting costs no database work of its own, however many wait.
 */
@Component
public class SettledSignals {

    static final int SWEEP_CHUNK = 500;

    // completed with the payment as it was settled, or with empty when only its id is known (the sweep)
    private final ConcurrentHashMap<UUID, CompletableFuture<Optional<Payment>>> waiting = new ConcurrentHashMap<>();

    /** Called after the transaction that settled the payment committed. */
    public void settled(UUID paymentId) {
        wake(paymentId, Optional.empty());
    }

    /**
     * Same, with the payment as that transaction wrote it (status, reason and times): the waiting request answers
     * with it instead of reading it back.
     */
    public void settled(Payment payment) {
        wake(payment.paymentId(), Optional.of(payment));
    }

    private void wake(UUID paymentId, Optional<Payment> settled) {
        CompletableFuture<Optional<Payment>> signal = waiting.remove(paymentId);
        if (signal != null) {
            signal.complete(settled);
        }
    }

    /**
     * Wakes the waiting requests whose payments {@code settledAmong} reports settled (it gets the waiting ids, at most
     * {@value #SWEEP_CHUNK} at a time, and returns those settled).
     */
    public void sweep(Function<Collection<UUID>, Collection<UUID>> settledAmong) {
        List<UUID> ids = List.copyOf(waiting.keySet());
        for (int from = 0; from < ids.size(); from += SWEEP_CHUNK) {
            settledAmong.apply(ids.subList(from, Math.min(ids.size(), from + SWEEP_CHUNK))).forEach(this::settled);
        }
    }

    int waiting() {
        return waiting.size();
    }

    Subscription subscribe(UUID paymentId) {
        return new Subscription(paymentId, waiting.computeIfAbsent(paymentId, id -> new CompletableFuture<>()));
    }

    final class Subscription implements AutoCloseable {
        private final UUID paymentId;
        private final CompletableFuture<Optional<Payment>> signal;

        private Subscription(UUID paymentId, CompletableFuture<Optional<Payment>> signal) {
            this.paymentId = paymentId;
            this.signal = signal;
        }

        /**
         * Waits for the signal at most {@code timeout}: the payment as settled if the signal carried it, empty after
         * a signal without it or when the time is over (then the caller reads it).
         */
        Optional<Payment> await(Duration timeout) throws InterruptedException {
            try {
                return signal.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return Optional.empty();
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause()); // never completed exceptionally
            }
        }

        @Override
        public void close() {
            waiting.remove(paymentId, signal);
        }
    }
}
