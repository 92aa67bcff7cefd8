package dev.concert.reservation.expiry;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.concert.events.SeatReleased;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases unpaid holds past their deadline (and past any payment grace): reservation EXPIRED, seat AVAILABLE,
 * {@code SeatReleased} out, all in one transaction per batch. Every instance runs it at once; SKIP LOCKED batches and
 * conditional updates make each hold released exactly once.
 */
@Service
public class HoldExpiry {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiry.class);

    private final ExpiryRepository expiry;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ReservationCounters counters;
    private final int batchSize;
    private final int maxBatchesPerRun;

    HoldExpiry(ExpiryRepository expiry, Outbox outbox, TransactionTemplate tx, Clock clock,
               ReservationCounters counters,
               @Value("${reservation.expiry.batch-size:100}") int batchSize,
               @Value("${reservation.expiry.max-batches-per-run:50}") int maxBatchesPerRun) {
        this.expiry = expiry;
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
            Batch batch = tx.execute(status -> releaseBatch(clock.instant()));
            total += batch.released();
            if (batch.locked() < batchSize) {
                break;
            }
        }
        return total;
    }

    private record Batch(int locked, int released) {
    }

    private Batch releaseBatch(Instant now) {
        List<ExpiryRepository.ExpiredHold> due = expiry.lockExpired(now, batchSize);
        int released = 0;
        for (ExpiryRepository.ExpiredHold hold : due) {
            if (!expiry.expire(hold.reservationId(), now)) {
                continue;
            }
            if (!expiry.releaseSeat(hold.seatId(), hold.reservationId())) {
                // the seat belongs to another reservation (should never happen): leave the seat alone, so invariant
                // 1 holds, and still end this hold, so one bad row cannot stop the job for every other hold
                log.error("expired reservation {} did not hold seat {}; seat left unchanged, no SeatReleased",
                        hold.reservationId(), hold.seatId());
                continue;
            }
            outbox.append(new SeatReleased(hold.reservationId(), hold.scheduleId(), hold.seatId(), hold.userId(),
                    SeatReleased.HOLD_EXPIRED));
            released++;
        }
        counters.released(released);
        return new Batch(due.size(), released);
    }
}
