package dev.concert.reservation;

import dev.concert.platform.messaging.AfterCommit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * Business counters on /actuator/prometheus: holds taken, holds released, confirmations by outcome, cancellations by
 * what was cancelled (a hold or a booking). Inside a transaction a count is added only once it commits, so a
 * rolled-back or retried attempt is not counted.
 */
@Component
public class ReservationCounters {

    private final Counter holds;
    private final Counter releases;
    private final Counter confirmed;
    private final Counter confirmationFailed;
    private final Counter holdsCancelled;
    private final Counter bookingsCancelled;

    public ReservationCounters(MeterRegistry registry) {
        holds = Counter.builder("reservation.holds").description("seats held").register(registry);
        releases = Counter.builder("reservation.releases").description("expired holds released").register(registry);
        confirmed = Counter.builder("reservation.confirmations").tag("outcome", "confirmed")
                .description("debited reservations, by outcome").register(registry);
        confirmationFailed = Counter.builder("reservation.confirmations").tag("outcome", "failed")
                .description("debited reservations, by outcome").register(registry);
        holdsCancelled = Counter.builder("reservation.cancellations").tag("what", "hold")
                .description("reservations cancelled by their owner, holds or bookings").register(registry);
        bookingsCancelled = Counter.builder("reservation.cancellations").tag("what", "booking")
                .description("reservations cancelled by their owner, holds or bookings").register(registry);
    }

    public void held() {
        afterCommit(holds, 1);
    }

    public void released(int count) {
        afterCommit(releases, count);
    }

    public void confirmed() {
        afterCommit(confirmed, 1);
    }

    public void confirmationFailed() {
        afterCommit(confirmationFailed, 1);
    }

    public void cancelled(boolean booking) {
        afterCommit(booking ? bookingsCancelled : holdsCancelled, 1);
    }

    private static void afterCommit(Counter counter, int amount) {
        if (amount > 0) {
            AfterCommit.run(() -> counter.increment(amount));
        }
    }
}
