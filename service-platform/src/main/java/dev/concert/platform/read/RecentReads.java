package dev.concert.platform.read;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A {@link RecentRead} per key (a concert's dates, a schedule's seat map). Only a key whose read found something gets
 * an entry, so ids a caller makes up cannot grow the map; and at most {@code maxKeys} are kept (past that the map
 * starts again empty: a few extra reads, never unbounded memory).
 */
public final class RecentReads<K, T> {

    private final Duration maxAge;
    private final int maxKeys;
    private final LongSupplier nanoTime;
    private final Map<K, RecentRead<Optional<T>>> byKey = new ConcurrentHashMap<>();

    public RecentReads(Duration maxAge, int maxKeys) {
        this(maxAge, maxKeys, System::nanoTime);
    }

    public RecentReads(Duration maxAge, int maxKeys, LongSupplier nanoTime) {
        this.maxAge = maxAge;
        this.maxKeys = maxKeys;
        this.nanoTime = nanoTime;
    }

    /** What {@code read} gives for the key, as read at most {@code maxAge} ago; empty for an unknown key. */
    public Optional<T> get(K key, Function<? super K, Optional<T>> read) {
        RecentRead<Optional<T>> recent = byKey.get(key);
        if (recent == null) {
            Optional<T> found = read.apply(key);
            if (found.isEmpty()) {
                return found; // not kept: an unknown key leaves no trace
            }
            if (byKey.size() >= maxKeys) {
                byKey.clear();
            }
            recent = byKey.computeIfAbsent(key, k -> new RecentRead<>(maxAge, nanoTime));
            RecentRead<Optional<T>> seeded = recent;
            return seeded.get(() -> found);
        }
        return recent.get(() -> read.apply(key));
    }

    int keys() {
        return byKey.size();
    }
}
