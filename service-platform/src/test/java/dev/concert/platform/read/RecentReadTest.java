package dev.concert.platform.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentReadTest {

    final AtomicLong now = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();

    String read() {
        return "listing " + reads.incrementAndGet();
    }

    @Test
    void a_listing_read_less_than_its_max_age_ago_is_answered_without_reading_again() {
        RecentRead<String> recent = new RecentRead<>(Duration.ofSeconds(1), now::get);
        assertThat(recent.get(this::read)).isEqualTo("listing 1");
        now.addAndGet(Duration.ofMillis(999).toNanos());
        assertThat(recent.get(this::read)).isEqualTo("listing 1");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(recent.get(this::read)).isEqualTo("listing 2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_zero_max_age_reads_every_time() {
        RecentRead<String> recent = new RecentRead<>(Duration.ZERO, now::get);
        recent.get(this::read);
        recent.get(this::read);
        assertThat(reads).hasValue(2);
    }

    @Test
    void a_failed_read_keeps_nothing_and_the_next_caller_reads_again() {
        RecentRead<String> recent = new RecentRead<>(Duration.ofSeconds(1), now::get);
        try {
            recent.get(() -> {
                throw new IllegalStateException("database away");
            });
        } catch (IllegalStateException expected) {
            // the caller gets the failure (the service answers 503)
        }
        assertThat(recent.get(this::read)).isEqualTo("listing 1");
    }

    @Test
    void a_burst_of_callers_on_a_stale_listing_costs_one_read() throws Exception {
        RecentRead<String> recent = new RecentRead<>(Duration.ofSeconds(1), now::get);
        recent.get(this::read);
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        CountDownLatch readStarted = new CountDownLatch(1);
        CountDownLatch finishRead = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService fans = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> refresher = fans.submit(() -> recent.get(() -> {
                readStarted.countDown();
                await(finishRead);
                return read();
            }));
            readStarted.await();
            List<Future<String>> others = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                others.add(fans.submit(() -> {
                    await(go);
                    return recent.get(this::read);
                }));
            }
            go.countDown();
            // while one caller reads again, the others get the previous listing at once
            for (Future<String> other : others) {
                assertThat(other.get()).isEqualTo("listing 1");
            }
            finishRead.countDown();
            assertThat(refresher.get()).isEqualTo("listing 2");
        }
        assertThat(reads).hasValue(2);
        assertThat(recent.get(this::read)).isEqualTo("listing 2");
    }

    @Test
    void the_first_callers_wait_for_one_read_instead_of_each_reading() throws Exception {
        RecentRead<String> recent = new RecentRead<>(Duration.ofSeconds(1), now::get);
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService fans = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> all = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                all.add(fans.submit(() -> {
                    await(go);
                    return recent.get(() -> {
                        sleep(50);
                        return read();
                    });
                }));
            }
            go.countDown();
            for (Future<String> f : all) {
                assertThat(f.get()).isEqualTo("listing 1");
            }
        }
        assertThat(reads).hasValue(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
