package dev.concert.platform.read;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RecentReadsTest {

    final AtomicLong now = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();

    Optional<String> seatMapOf(String schedule) {
        reads.incrementAndGet();
        return schedule.startsWith("known") ? Optional.of(schedule + " map " + reads.get()) : Optional.empty();
    }

    @Test
    void a_key_read_less_than_the_max_age_ago_is_answered_without_reading_again() {
        RecentReads<String, String> maps = new RecentReads<>(Duration.ofMillis(500), 100, now::get);

        assertThat(maps.get("known-1", this::seatMapOf)).contains("known-1 map 1");
        now.addAndGet(Duration.ofMillis(499).toNanos());
        assertThat(maps.get("known-1", this::seatMapOf)).contains("known-1 map 1");
        now.addAndGet(Duration.ofMillis(1).toNanos());
        assertThat(maps.get("known-1", this::seatMapOf)).contains("known-1 map 2");
        assertThat(reads).hasValue(2);
    }

    @Test
    void keys_are_kept_apart() {
        RecentReads<String, String> maps = new RecentReads<>(Duration.ofSeconds(1), 100, now::get);

        assertThat(maps.get("known-1", this::seatMapOf)).contains("known-1 map 1");
        assertThat(maps.get("known-2", this::seatMapOf)).contains("known-2 map 2");
        assertThat(maps.get("known-1", this::seatMapOf)).contains("known-1 map 1");
    }

    @Test
    void an_unknown_key_is_read_every_time_and_leaves_no_entry() {
        RecentReads<String, String> maps = new RecentReads<>(Duration.ofSeconds(1), 100, now::get);

        for (int i = 0; i < 50; i++) {
            assertThat(maps.get("made-up-" + i, this::seatMapOf)).isEmpty();
        }

        assertThat(maps.keys()).isZero();
        assertThat(reads).hasValue(50);
    }

    @Test
    void the_number_of_keys_kept_is_bounded() {
        RecentReads<String, String> maps = new RecentReads<>(Duration.ofSeconds(1), 10, now::get);

        for (int i = 0; i < 1_000; i++) {
            maps.get("known-" + i, this::seatMapOf);
        }

        assertThat(maps.keys()).isLessThanOrEqualTo(10);
    }
}
