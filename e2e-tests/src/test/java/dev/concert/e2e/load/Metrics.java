package dev.concert.e2e.load;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Every request the fans made: counts, latencies per endpoint, and every non-2xx answer by status and code. */
final class Metrics {

    /** A non-2xx answer (status 0: no answer at all, the code then says why: NO_ANSWER or TIMEOUT). */
    record Failure(int status, String code, Endpoint endpoint) {
        boolean unexpected() {
            return status == 0 || status >= 500;
        }
    }

    /** How often a failure was seen, and first and last when (seconds since the first arrival). */
    record Seen(long count, long firstSecond, long lastSecond) {
        Seen plus(Seen other) {
            return new Seen(count + other.count, Math.min(firstSecond, other.firstSecond),
                    Math.max(lastSecond, other.lastSecond));
        }
    }

    /** Mutable counterpart of {@link Seen}, updated by many fans at once. */
    private static final class Occurrences {
        private final LongAdder count = new LongAdder();
        private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
        private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

        void add(long second) {
            count.increment();
            first.accumulateAndGet(second, Math::min);
            last.accumulateAndGet(second, Math::max);
        }

        Seen seen() {
            return new Seen(count.sum(), first.get(), last.get());
        }
    }

    record Percentiles(long count, double p50Millis, double p99Millis, double maxMillis) {
    }

    /** Latencies in microseconds; a plain growable array: ~10^5 samples per run, read once at the end. */
    static final class Latencies {
        private long[] micros = new long[1024];
        private int size;

        synchronized void add(long value) {
            if (size == micros.length) {
                micros = Arrays.copyOf(micros, size * 2);
            }
            micros[size++] = value;
        }

        synchronized Percentiles percentiles() {
            if (size == 0) {
                return new Percentiles(0, 0, 0, 0);
            }
            long[] sorted = Arrays.copyOf(micros, size);
            Arrays.sort(sorted);
            return new Percentiles(size, at(sorted, 0.50) / 1000.0, at(sorted, 0.99) / 1000.0,
                    sorted[size - 1] / 1000.0);
        }

        private static long at(long[] sorted, double quantile) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)];
        }
    }

    private final Map<Endpoint, Latencies> latencies = new EnumMap<>(Endpoint.class);
    private final Map<Failure, Occurrences> failures = new ConcurrentHashMap<>();
    private final long startNanos = System.nanoTime();
    private final LongAdder requests = new LongAdder();
    private final LongAdder nonSuccess = new LongAdder();
    private final LongAdder unexpected = new LongAdder();
    private final Map<Outcome, LongAdder> outcomes = new EnumMap<>(Outcome.class);
    private final Map<Persona, Map<Outcome, LongAdder>> outcomesByPersona = new EnumMap<>(Persona.class);
    final LongAdder holds = new LongAdder();
    final LongAdder paymentsStarted = new LongAdder();

    Metrics() {
        for (Endpoint e : Endpoint.values()) {
            latencies.put(e, new Latencies());
        }
        for (Outcome o : Outcome.values()) {
            outcomes.put(o, new LongAdder());
        }
        for (Persona p : Persona.values()) {
            Map<Outcome, LongAdder> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, new LongAdder());
            }
            outcomesByPersona.put(p, byOutcome);
        }
    }

    /** One answer to a request sent at {@code sentNanos} (System.nanoTime); a failure is filed under when it was
     *  sent, so that failures line up with the faults on the same time axis (a timeout ends 15 s later). */
    void record(Endpoint endpoint, int status, String code, long sentNanos) {
        long nanos = System.nanoTime() - sentNanos;
        requests.increment();
        latencies.get(endpoint).add(nanos / 1000);
        if (status < 200 || status >= 300) {
            nonSuccess.increment();
            Failure failure = new Failure(status, code == null ? "-" : code, endpoint);
            if (failure.unexpected()) {
                unexpected.increment();
            }
            failures.computeIfAbsent(failure, f -> new Occurrences())
                    .add((sentNanos - startNanos) / 1_000_000_000L);
        }
    }

    void outcome(Persona persona, Outcome outcome) {
        outcomes.get(outcome).increment();
        outcomesByPersona.get(persona).get(outcome).increment();
    }

    /** Time zero of the run: progress lines, fault times and failure times all count from here. */
    long startNanos() {
        return startNanos;
    }

    long requests() {
        return requests.sum();
    }

    long nonSuccess() {
        return nonSuccess.sum();
    }

    long unexpected() {
        return unexpected.sum();
    }

    long outcomes(Outcome outcome) {
        return outcomes.get(outcome).sum();
    }

    long outcomes(Persona persona, Outcome outcome) {
        return outcomesByPersona.get(persona).get(outcome).sum();
    }

    Map<Failure, Seen> failures() {
        Map<Failure, Seen> copy = new HashMap<>();
        failures.forEach((f, o) -> copy.put(f, o.seen()));
        return copy;
    }

    Percentiles percentiles(Endpoint endpoint) {
        return latencies.get(endpoint).percentiles();
    }
}
