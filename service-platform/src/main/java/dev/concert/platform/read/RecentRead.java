package dev.concert.platform.read;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A read kept for {@code maxAge}: while a sale is about to open every waiting fan reloads the catalog, and once
 * admitted the seat map; without this each reload is a query holding one of a few pooled connections (the load run's
 * catalog and seat map answered 503 when the pool ran dry, issue 16). One caller refreshes a stale value while the others keep getting the previous
 * one, so a burst costs the database one query per {@code maxAge} per instance. A zero {@code maxAge} reads every time.
 */
public final class RecentRead<T> {

    private record Kept<T>(T value, long readAtNanos) {
    }

    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final ReentrantLock refreshing = new ReentrantLock();
    private volatile Kept<T> kept;

    public RecentRead(Duration maxAge) {
        this(maxAge, System::nanoTime);
    }

    public RecentRead(Duration maxAge, LongSupplier nanoTime) {
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    public T get(Supplier<T> read) {
        if (maxAgeNanos <= 0) {
            return read.get();
        }
        Kept<T> current = kept;
        if (current != null && nanoTime.getAsLong() - current.readAtNanos() < maxAgeNanos) {
            return current.value();
        }
        if (current != null && !refreshing.tryLock()) {
            return current.value(); // another caller is reading it again right now
        }
        if (current == null) {
            refreshing.lock();
        }
        try {
            Kept<T> again = kept;
            if (again != null && nanoTime.getAsLong() - again.readAtNanos() < maxAgeNanos) {
                return again.value();
            }
            long startedAt = nanoTime.getAsLong();
            T value = read.get();
            kept = new Kept<>(value, startedAt);
            return value;
        } finally {
            refreshing.unlock();
        }
    }
}
