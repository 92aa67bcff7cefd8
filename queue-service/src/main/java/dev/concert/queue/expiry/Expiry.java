package dev.concert.queue.expiry;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import dev.concert.queue.QueueMetrics;
import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.ExpiryReason;

import org.springframework.stereotype.Service;

/** Ends ACTIVE visits: after the idle timeout, or at once when the user's booking is confirmed. */
@Service
public class Expiry {

    private final ExpiryStore store;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final int batchSize;

    public Expiry(ExpiryStore store, QueueMetrics metrics, Clock clock, QueueSettings settings) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
        this.batchSize = settings.expiry().batchSize();
    }

    /** Expires every idle token, batch after batch, so that a backlog does not wait for later runs. */
    public long expireIdle() {
        long total = 0;
        long n;
        do {
            n = store.expireIdle(clock.instant());
            total += n;
        } while (n >= batchSize);
        metrics.expired(ExpiryReason.IDLE, total);
        return total;
    }

    /**
     * Ends the visit the user booked in: their live token, if it was issued before {@code bookedAt}. A token issued
     * later is a new visit and stays, so a repeated or late confirmation changes nothing.
     */
    public boolean bookingConfirmed(UUID userId, Instant bookedAt) {
        Objects.requireNonNull(userId, "a confirmed booking names its user");
        boolean expired = store.expireBooked(userId, bookedAt, clock.instant());
        if (expired) {
            metrics.expired(ExpiryReason.BOOKED, 1);
        }
        return expired;
    }
}
