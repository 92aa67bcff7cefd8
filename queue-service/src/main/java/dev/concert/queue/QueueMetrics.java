package dev.concert.queue;

import java.util.concurrent.atomic.AtomicLong;

import dev.concert.queuestatus.ExpiryReason;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Domain counters: tokens issued, admitted and expired (by reason); the sizes of every room together as last seen by
 * admission (per room: the admin API, GET /admin/rooms).
 */
@Component
public class QueueMetrics {

    private final Counter issued;
    private final Counter admitted;
    private final MeterRegistry registry;
    private final AtomicLong waiting = new AtomicLong();
    private final AtomicLong active = new AtomicLong();
    private final AtomicLong preQueue = new AtomicLong();

    public QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.issued = Counter.builder("queue.tokens.issued").description("queue tokens issued").register(registry);
        this.admitted = Counter.builder("queue.tokens.admitted").description("tokens moved from WAITING to ACTIVE")
                .register(registry);
        Gauge.builder("queue.waiting.size", waiting, AtomicLong::get).description("waiting tokens (last admission)")
                .register(registry);
        Gauge.builder("queue.active.size", active, AtomicLong::get).description("ACTIVE tokens (last admission)")
                .register(registry);
        Gauge.builder("queue.prequeue.size", preQueue, AtomicLong::get)
                .description("tokens in rooms' pre-queues (last admission)").register(registry);
    }

    public void issued() {
        issued.increment();
    }

    public void admitted(int count) {
        admitted.increment(count);
    }

    /** Every room's sizes together, as the last admission rounds saw them. */
    public void sizes(long waitingNow, long activeNow, long preQueueNow) {
        waiting.set(waitingNow);
        active.set(activeNow);
        preQueue.set(preQueueNow);
    }

    public void expired(ExpiryReason reason, long count) {
        if (count > 0) {
            Counter.builder("queue.tokens.expired").description("tokens that became EXPIRED")
                    .tag("reason", reason.name().toLowerCase()).register(registry).increment(count);
        }
    }
}
