package dev.concert.queue.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import dev.concert.queue.redis.QueueStoreUnavailable;

import org.springframework.stereotype.Service;

/**
 * What the console page shows, in one answer: the rooms (read live, from this service's Redis), the saga's flow and
 * payments, parked records and consumer lag (read from the other services and the broker, each at most every couple
 * of seconds however many pages poll, and each shown as unreachable on its own when it does not answer).
 */
@Service
class OperatorConsole {

    private final RoomReadings rooms;
    private final Recent<SagaFlow.Flow> flow;
    private final Recent<List<ParkedRecords.ServiceParked>> parked;
    private final Recent<ConsumerLag.Lag> lag;
    private final Clock clock;

    OperatorConsole(RoomReadings rooms, SagaFlow flow, ParkedRecords parked, ConsumerLag lag, Clock clock) {
        this.rooms = rooms;
        this.clock = clock;
        this.flow = new Recent<>(Duration.ofMillis(1500), flow::read, clock);
        this.parked = new Recent<>(Duration.ofSeconds(5), parked::read, clock);
        this.lag = new Recent<>(Duration.ofSeconds(2), lag::read, clock);
    }

    Overview overview() {
        List<RoomReadings.RoomReading> rooms;
        String roomsTrouble = null;
        try {
            rooms = this.rooms.all();
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                throw e;
            }
            rooms = List.of();
            roomsTrouble = "queue store (Redis) unavailable: " + e.getMessage();
        }
        return new Overview(clock.instant(), rooms, roomsTrouble, flow.get(), parked.get(), lag.get());
    }

    record Overview(Instant readAt, List<RoomReadings.RoomReading> rooms, String roomsTrouble, SagaFlow.Flow flow,
                    List<ParkedRecords.ServiceParked> parked, ConsumerLag.Lag lag) {
    }

    /** A reading kept for a short while, so that pages polling at once cost the other services one call. */
    private static final class Recent<T> {

        private final Duration maxAge;
        private final Supplier<T> read;
        private final Clock clock;
        private T value;
        private Instant readAt = Instant.MIN;

        Recent(Duration maxAge, Supplier<T> read, Clock clock) {
            this.maxAge = maxAge;
            this.read = read;
            this.clock = clock;
        }

        synchronized T get() {
            Instant now = clock.instant();
            if (value == null || !readAt.plus(maxAge).isAfter(now)) {
                value = read.get();
                readAt = now;
            }
            return value;
        }

        synchronized void forget() {
            value = null;
        }
    }

    /** After a replay the next page shows the new count, not the one read a few seconds before. */
    void parkedChanged() {
        parked.forget();
    }
}
