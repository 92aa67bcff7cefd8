package dev.concert.queue.admission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.QueueStoreFixture;
import dev.concert.queue.admission.AdmissionStore.AdmissionRound;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Two "instances" (own connections, same room) run admission at the same time against the real Redis. */
class AdmissionIT extends QueueServiceIntegrationTest {

    private static final int CAPACITY = 20;
    private static final int BATCH = 5;

    @Autowired
    LettuceConnectionFactory connections;

    @Autowired
    Admission admission;

    @Autowired
    MeterRegistry meters;

    private QueueStoreFixture first;
    private QueueStoreFixture second;

    @BeforeEach
    void twoInstances() {
        first = new QueueStoreFixture(connections.getStandaloneConfiguration(), QueueStoreFixture.freshPrefix(),
                CAPACITY, BATCH);
        second = first.anotherInstance();
    }

    @AfterEach
    void close() {
        first.close();
        second.close();
    }

    @Test
    void two_concurrent_runners_never_exceed_capacity_never_admit_twice_and_keep_queue_order() throws Exception {
        Instant start = Instant.now();
        List<UUID> queue = first.issue(100, start);
        List<UUID> admitted = Collections.synchronizedList(new ArrayList<>());
        AtomicLong clock = new AtomicLong(start.toEpochMilli());
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong maxActiveSeen = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);

        CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> {
            while (running.get()) {
                maxActiveSeen.accumulateAndGet(first.activeCount(), Math::max);
            }
        });
        List<CompletableFuture<Void>> runners = new ArrayList<>();
        for (QueueStoreFixture instance : List.of(first, second)) {
            runners.add(CompletableFuture.runAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int round = 0; round < 200; round++) {
                    // time moves on by a quarter interval per round, so the rate bucket keeps refilling
                    AdmissionRound result = instance.admit(Instant.ofEpochMilli(clock.addAndGet(250)));
                    admitted.addAll(result.admitted());
                    assertThat(result.active()).isLessThanOrEqualTo(CAPACITY);
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(runners.toArray(CompletableFuture[]::new)).get();
        running.set(false);
        watcher.get();

        assertThat(admitted).doesNotHaveDuplicates().hasSize(CAPACITY);
        assertThat(maxActiveSeen.get()).isLessThanOrEqualTo(CAPACITY);
        // FIFO: exactly the first CAPACITY of the queue got in, nobody overtook
        assertThat(admitted).containsExactlyInAnyOrderElementsOf(queue.subList(0, CAPACITY));
        assertThat(first.stateOf(queue.get(CAPACITY))).isEqualTo("WAITING");
    }

    @Test
    void within_one_round_admission_follows_queue_order() {
        Instant now = Instant.now();
        List<UUID> queue = first.issue(8, now);

        AdmissionRound round = first.admit(now);

        assertThat(round.admitted()).containsExactlyElementsOf(queue.subList(0, BATCH));
        assertThat(round.waiting()).isEqualTo(3);
    }

    @Test
    void the_admission_rate_holds_across_instances() {
        Instant now = Instant.now();
        first.issue(50, now);

        int total = 0;
        for (int i = 0; i < 10; i++) {
            total += first.admit(now).admitted().size();
            total += second.admit(now).admitted().size();
        }
        assertThat(total).as("one batch per interval, whoever runs it").isEqualTo(BATCH);

        int next = second.admit(now.plus(Duration.ofSeconds(1))).admitted().size()
                + first.admit(now.plus(Duration.ofSeconds(1))).admitted().size();
        assertThat(next).isEqualTo(BATCH);
    }

    @Test
    void a_waiting_entry_whose_token_is_gone_is_skipped() {
        Instant now = Instant.now();
        List<UUID> queue = first.issue(3, now);
        first.redis.delete(first.key("token:" + queue.get(0)));

        AdmissionRound round = first.admit(now);

        assertThat(round.admitted()).containsExactly(queue.get(1), queue.get(2));
    }

    @Test
    void admission_counts_admitted_tokens_as_a_metric() {
        double before = meters.counter("queue.tokens.admitted").count();
        issueFor(UUID.randomUUID());

        List<AdmissionRound> rounds = admission.runOnce();

        int admitted = rounds.stream().mapToInt(round -> round.admitted().size()).sum();
        assertThat(rounds).anySatisfy(round -> {
            assertThat(round.room()).isEqualTo(ROOM);
            assertThat(round.admitted()).isNotEmpty();
        });
        assertThat(meters.counter("queue.tokens.admitted").count() - before).isEqualTo(admitted);
    }
}
