package dev.concert.payment.request;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.stereotype.Component;

/**
 * Wakes requests waiting for a payment's outcome: at once when a saga step in this same instance settles it, and
 * otherwise at the next {@link #sweep}, one query for all waiting requests together (the outcome may have been consumed
 * by another instance). A request waiting costs no database work of its own, however many wait.
 */
@Component
public class SettledSignals {

    static final int SWEEP_CHUNK = 500;

    private final ConcurrentHashMap<UUID, CountDownLatch> waiting = new ConcurrentHashMap<>();

    /** Called after the transaction that settled the payment committed. */
    public void settled(UUID paymentId) {
        CountDownLatch latch = waiting.remove(paymentId);
        if (latch != null) {
            latch.countDown();
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
        return new Subscription(paymentId, waiting.computeIfAbsent(paymentId, id -> new CountDownLatch(1)));
    }

    final class Subscription implements AutoCloseable {
        private final UUID paymentId;
        private final CountDownLatch latch;

        private Subscription(UUID paymentId, CountDownLatch latch) {
            this.paymentId = paymentId;
            this.latch = latch;
        }

        /** True if signalled (now or before), false after {@code timeout}. */
        boolean await(Duration timeout) throws InterruptedException {
            return latch.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public void close() {
            waiting.remove(paymentId, latch);
        }
    }
}
