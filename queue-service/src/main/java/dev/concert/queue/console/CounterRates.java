package dev.concert.queue.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-minute rates of counters read again and again: each series (one counter of one instance) keeps its readings
 * of the last minute, and its rate is the growth since the oldest of them. A counter that went down belongs to a
 * restarted instance: its series starts again. Kept in memory by the console instance that reads: a rate needs two
 * readings a few seconds apart, which the page's polling provides.
 */
final class CounterRates {

    private static final Duration SPAN = Duration.ofMinutes(1);
    private static final Duration SHORTEST = Duration.ofSeconds(2);

    private final Map<String, Deque<Reading>> series = new HashMap<>();

    private record Reading(Instant at, double value) {
    }

    /** Records a reading; answers the series' rate per minute, or null while it has no reading far enough back. */
    synchronized Double perMinute(String key, double value, Instant now) {
        Deque<Reading> readings = series.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (!readings.isEmpty() && value < readings.peekLast().value()) {
            readings.clear();
        }
        readings.addLast(new Reading(now, value));
        // keep the newest reading at least a minute old as the baseline, drop the older ones
        while (readings.size() > 2 && !readings.stream().skip(1).findFirst().orElseThrow().at()
                .isAfter(now.minus(SPAN))) {
            readings.removeFirst();
        }
        Reading oldest = readings.peekFirst();
        Duration elapsed = Duration.between(oldest.at(), now);
        if (elapsed.compareTo(SHORTEST) < 0) {
            return null;
        }
        return (value - oldest.value()) * 60_000.0 / elapsed.toMillis();
    }
}
