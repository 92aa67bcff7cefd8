package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.events.EventCodec;
import dev.concert.events.WalletRefunded;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * A polled batch in one transaction, against the real MariaDB: the inbox still decides per event, one failing event
 * costs the others nothing and is reported by its place in the batch (as the error handler needs it), and consumers
 * racing over the same events apply each once.
 */
@SpringBootTest
class BatchInboxIT {

    @Autowired
    InboundEvents inbound;
    @Autowired
    EventCodec codec;
    @Autowired
    JdbcClient jdbc;

    private final String consumer = "batch-it-" + UUID.randomUUID().toString().substring(0, 8);
    /** handler calls per payment, committed or not */
    private final Map<UUID, AtomicInteger> calls = new ConcurrentHashMap<>();
    /** effects that committed, per payment (counted after the commit, as a service's metrics and signals are) */
    private final Map<UUID, AtomicInteger> committed = new ConcurrentHashMap<>();
    private final Set<UUID> failing = ConcurrentHashMap.newKeySet();

    private final EventHandlers handlers = EventHandlers.of(consumer).on(WalletRefunded.class, this::refund).build();

    private void refund(WalletRefunded e) {
        calls.computeIfAbsent(e.paymentId(), k -> new AtomicInteger()).incrementAndGet();
        if (failing.contains(e.paymentId())) {
            throw new IllegalStateException("a bug in the handler of " + e.paymentId());
        }
        AfterCommit.run(() -> committed.computeIfAbsent(e.paymentId(), k -> new AtomicInteger()).incrementAndGet());
    }

    private List<WalletRefunded> refunds(int n) {
        List<WalletRefunded> refunds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            refunds.add(new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 10 + i, 100));
        }
        return refunds;
    }

    private List<ConsumerRecord<String, String>> records(List<WalletRefunded> refunds) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        for (WalletRefunded r : refunds) {
            records.add(record(codec.toJson(codec.wrap(r))));
        }
        return records;
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>("batch-it", 0, 0, "k", value);
    }

    private int committedOf(WalletRefunded r) {
        return committed.getOrDefault(r.paymentId(), new AtomicInteger()).get();
    }

    private int callsOf(WalletRefunded r) {
        return calls.getOrDefault(r.paymentId(), new AtomicInteger()).get();
    }

    private long markers() {
        return jdbc.sql("SELECT COUNT(*) FROM processed_event WHERE consumer = :c").param("c", consumer)
                .query(Long.class).single();
    }

    @Test
    void a_whole_poll_commits_once_and_a_redelivered_poll_applies_nothing() {
        List<WalletRefunded> refunds = refunds(20);
        List<ConsumerRecord<String, String>> batch = records(refunds);
        // the relay may send an event twice: within one poll the second copy is a duplicate like any other
        batch.add(batch.get(3));

        inbound.acceptAll(batch, handlers);
        inbound.acceptAll(batch, handlers);

        assertThat(refunds).allSatisfy(r -> assertThat(committedOf(r)).isEqualTo(1));
        assertThat(refunds).allSatisfy(r -> assertThat(callsOf(r)).isEqualTo(1));
        assertThat(markers()).isEqualTo(20);
    }

    @Test
    void a_polls_markers_are_written_together_not_one_statement_per_event() {
        List<WalletRefunded> refunds = refunds(20);
        long before = serverCount("Com_insert");

        inbound.acceptAll(records(refunds), handlers);

        assertThat(markers()).isEqualTo(20);
        // one insert for the poll (the server's global count: some slack for anything else it ran meanwhile); one by
        // one it would be 20
        assertThat(serverCount("Com_insert") - before).isLessThan(10);
    }

    private long serverCount(String counter) {
        return jdbc.sql("SHOW GLOBAL STATUS LIKE :name").param("name", counter)
                .query((rs, n) -> rs.getLong(2)).single();
    }

    @Test
    void a_failing_event_is_reported_by_its_place_and_the_events_before_it_commit_without_it() {
        List<WalletRefunded> refunds = refunds(5);
        WalletRefunded buggy = refunds.get(2);
        failing.add(buggy.paymentId());

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> inbound.acceptAll(records(refunds), handlers));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(failure).hasRootCauseInstanceOf(IllegalStateException.class);
        assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.UNEXPECTED);
        // tried once here: the error handler counts the attempts, not this batch
        assertThat(callsOf(buggy)).isEqualTo(1);
        assertThat(committedOf(refunds.get(0))).isEqualTo(1);
        assertThat(committedOf(refunds.get(1))).isEqualTo(1);
        assertThat(committedOf(buggy)).isZero();
        assertThat(callsOf(refunds.get(3))).isZero();
        assertThat(callsOf(refunds.get(4))).isZero();
        assertThat(markers()).isEqualTo(2);

        // the container seeks back to the failed record; once fixed, the rest of the poll is applied once
        failing.clear();
        inbound.acceptAll(records(refunds.subList(2, 5)), handlers);
        assertThat(refunds).allSatisfy(r -> assertThat(committedOf(r)).isEqualTo(1));
        assertThat(markers()).isEqualTo(5);
    }

    @Test
    void the_events_before_an_unreadable_record_commit_and_the_unreadable_one_is_reported_by_its_place() {
        List<WalletRefunded> refunds = refunds(4);
        List<ConsumerRecord<String, String>> batch = records(refunds);
        batch.add(2, record("this is not an event"));

        BatchListenerFailedException failure = catchThrowableOfType(BatchListenerFailedException.class,
                () -> inbound.acceptAll(batch, handlers));

        assertThat(failure.getIndex()).isEqualTo(2);
        assertThat(FailureKind.of(failure)).isEqualTo(FailureKind.PERMANENT);
        assertThat(committedOf(refunds.get(0))).isEqualTo(1);
        assertThat(committedOf(refunds.get(1))).isEqualTo(1);
        assertThat(callsOf(refunds.get(2))).isZero();
        assertThat(markers()).isEqualTo(2);
    }

    /**
     * Eight consumers deliver the same 40 events at once, each in its own order, retrying from the failed record as the
     * container does (lock waits and deadlocks between their batches are expected): each event commits once.
     */
    @Test
    void consumers_racing_over_the_same_events_apply_each_once() throws Exception {
        List<WalletRefunded> refunds = refunds(40);
        // one envelope (one event id) per event, as the broker would redeliver it
        List<ConsumerRecord<String, String>> delivered = records(refunds);
        int consumers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(consumers);
        CountDownLatch go = new CountDownLatch(1);
        AtomicInteger retries = new AtomicInteger();
        for (int c = 0; c < consumers; c++) {
            List<ConsumerRecord<String, String>> batch = new ArrayList<>(delivered);
            Collections.shuffle(batch);
            pool.submit(() -> {
                go.await();
                List<ConsumerRecord<String, String>> rest = batch;
                while (!rest.isEmpty()) {
                    try {
                        inbound.acceptAll(rest, handlers);
                        rest = List.of();
                    } catch (BatchListenerFailedException e) {
                        retries.incrementAndGet();
                        rest = rest.subList(e.getIndex(), rest.size());
                    }
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        assertThat(refunds).allSatisfy(r -> assertThat(committedOf(r)).as("commits of %s", r.paymentId())
                .isEqualTo(1));
        assertThat(markers()).isEqualTo(40);
        System.out.printf("8 racing consumers: %d retries from a failed record%n", retries.get());
    }
}
