package dev.concert.reservation.expiry;

import java.time.Clock;

import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.Reservations;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases unpaid holds past their deadline (and past any payment grace): reservation EXPIRED, seat AVAILABLE,
 * {@code SeatReleased} out, all in one transaction per batch. Every instance runs it at once; SKIP LOCKED batches and
 * the re-check under the lock make each hold released exactly once.
 */
@Service
public class ReleaseExpiredHolds {

    private final Reservations reservations;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReservationCounters counters;
    private final int batchSize;
    private final int maxBatchesPerRun;

    ReleaseExpiredHolds(Reservations reservations, Outbox outbox, TransactionTemplate tx, Clock clock,
                        ReservationCounters counters,
                        @Value("${reservation.expiry.batch-size:100}") int batchSize,
                        @Value("${reservation.expiry.max-batches-per-run:50}") int maxBatchesPerRun) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.counters = counters;
        this.batchSize = batchSize;
        this.maxBatchesPerRun = maxBatchesPerRun;
    }

    /** Releases what is due now, in bounded batches; returns how many holds this call released. */
    public int releaseExpired() {
        int total = 0;
        for (int i = 0; i < maxBatchesPerRun; i++) {
            Reservations.ReleasedBatch batch = tx.execute(status -> {
                Reservations.ReleasedBatch released = reservations.releaseExpired(clock.instant(), batchSize);
                released.released().forEach(outbox::append);
                counters.released(released.released().size());
                return released;
            });
            total += batch.released().size();
            if (batch.locked() < batchSize) {
                break;
            }
        }
        return total;
    }
}
