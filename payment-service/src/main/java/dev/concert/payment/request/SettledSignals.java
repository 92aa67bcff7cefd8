package dev.concert.payment.request;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.stereotype.Component;

/**
 * Wakes a request waiting for a payment's outcome when a saga step in this same instance settles it, so the answer
 * goes out at once instead of at the next database poll. Only a shortcut: the outcome may be consumed by another
 * instance, which is why {@link OutcomeWait} still polls, just rarely.
 */
@Component
public class SettledSignals {

    private final ConcurrentHashMap<UUID, CountDownLatch> waiting = new ConcurrentHashMap<>();

    /** Called after the transaction that settled the payment committed. */
    public void settled(UUID paymentId) {
        CountDownLatch latch = waiting.remove(paymentId);
        if (latch != null) {
            latch.countDown();
        }
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
