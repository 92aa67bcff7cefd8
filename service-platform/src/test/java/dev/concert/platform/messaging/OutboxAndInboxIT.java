package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.PaymentRequested;
import dev.concert.events.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Against the real MariaDB and the real broker: what is committed is published once, what is rolled back is not,
 * and what is delivered twice is applied once.
 */
@SpringBootTest
class OutboxAndInboxIT {

    @Autowired
    Outbox outbox;
    @Autowired
    OutboxRelay relay;
    @Autowired
    EventInbox inbox;
    @Autowired
    InboundEvents inbound;
    @Autowired
    EventCodec codec;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    PlatformTransactionManager transactions;
    @Autowired
    DataSource dataSource;

    private KafkaConsumer<String, String> consumer;

    @BeforeEach
    void listenToPaymentEvents() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS",
                "127.0.0.1:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(Topics.PAYMENT));
        // join the group and get partitions before anything is produced
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200));
            return !consumer.assignment().isEmpty();
        });
        relay.publishPending();
        consumer.poll(Duration.ofMillis(200));
    }

    @AfterEach
    void close() {
        consumer.close();
    }

    private Map<UUID, Integer> receivedPaymentIds(int expected, Duration within) {
        Map<UUID, Integer> seen = new HashMap<>();
        long deadline = System.nanoTime() + within.toNanos();
        int total = 0;
        while (System.nanoTime() < deadline && total < expected) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                EventEnvelope env = codec.fromJson(r.value());
                if (codec.payloadOf(env).orElse(null) instanceof PaymentRequested p) {
                    seen.merge(p.paymentId(), 1, Integer::sum);
                    total++;
                }
            }
        }
        // keep listening briefly: a duplicate would arrive right after
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(1500))) {
            if (codec.payloadOf(codec.fromJson(r.value())).orElse(null) instanceof PaymentRequested p) {
                seen.merge(p.paymentId(), 1, Integer::sum);
            }
        }
        return seen;
    }

    private PaymentRequested commitEvent() {
        PaymentRequested event = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 1000);
        tx.executeWithoutResult(s -> outbox.append(event));
        return event;
    }

    @Test
    void committed_events_are_published_exactly_once_even_with_two_relays_racing() throws Exception {
        List<UUID> committed = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            committed.add(commitEvent().paymentId());
        }
        // a second and third relay (as on other instances) hammer the same table at the same time
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 3; i++) {
            pool.submit(() -> {
                go.await();
                for (int k = 0; k < 20; k++) {
                    relay.publishPending();
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        Map<UUID, Integer> received = receivedPaymentIds(committed.size(), Duration.ofSeconds(30));
        assertThat(received.keySet()).containsAll(committed);
        assertThat(committed).allSatisfy(id -> assertThat(received.get(id)).as("copies of %s", id).isEqualTo(1));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL").query(Long.class).single())
                .isZero();
    }

    @Test
    void a_relay_woken_while_another_holds_the_lease_publishes_once_it_is_free_not_a_whole_poll_later()
            throws Exception {
        relay.stop();
        // this instance's relay polls rarely: only its wake-up and the lease retry can publish within the test
        OutboxRelay rarelyPolling = new OutboxRelay(jdbc, tx, kafka, 200, Duration.ofSeconds(60),
                Duration.ofSeconds(10));
        Outbox outboxOfThisInstance = new Outbox(jdbc, codec, rarelyPolling);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService otherInstance = Executors.newSingleThreadExecutor();
        try {
            rarelyPolling.start();
            // another instance's relay holds the lease (a batch in progress)
            otherInstance.submit(() -> tx.executeWithoutResult(status -> {
                jdbc.sql("SELECT name FROM outbox_relay_lease WHERE name = 'relay' FOR UPDATE").query(String.class)
                        .list();
                held.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(held.await(10, TimeUnit.SECONDS)).isTrue();
            PaymentRequested event = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 7);
            tx.executeWithoutResult(status -> outboxOfThisInstance.append(event));
            Thread.sleep(300); // woken by the commit, it finds the lease taken
            release.countDown();

            long released = System.nanoTime();
            Map<UUID, Integer> received = receivedPaymentIds(1, Duration.ofSeconds(15));
            assertThat(received).containsKey(event.paymentId());
            assertThat(Duration.ofNanos(System.nanoTime() - released)).isLessThan(Duration.ofSeconds(5));
        } finally {
            release.countDown();
            otherInstance.shutdown();
            rarelyPolling.stop();
            relay.start();
        }
    }

    @Test
    void a_rolled_back_transaction_publishes_nothing() {
        PaymentRequested doomed = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 5);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            outbox.append(doomed);
            throw new IllegalStateException("business rule failed after the event was written");
        })).isInstanceOf(IllegalStateException.class);
        PaymentRequested kept = commitEvent();

        Map<UUID, Integer> received = receivedPaymentIds(1, Duration.ofSeconds(20));
        assertThat(received).containsKey(kept.paymentId()).doesNotContainKey(doomed.paymentId());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE event_key = :k")
                .param("k", doomed.key()).query(Long.class).single()).isZero();
    }

    @Test
    void a_transactions_events_are_written_together_at_its_commit_in_the_order_they_were_appended() {
        List<PaymentRequested> events = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            events.add(new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 10 + i));
        }
        long[] inserts = new long[2];
        long[] seenInside = new long[1];
        tx.executeWithoutResult(s -> {
            inserts[0] = sessionInserts();
            events.forEach(outbox::append);
            seenInside[0] = rowsOf(events);
            // runs after the outbox's own synchronization, on the transaction's connection, just before the commit
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    inserts[1] = sessionInserts();
                }
            });
        });
        // nothing was sent while the transaction ran; its commit sent one statement for the five rows
        assertThat(seenInside[0]).isZero();
        assertThat(inserts[1] - inserts[0]).as("insert statements").isEqualTo(1);
        List<String> keysInIdOrder = jdbc.sql("SELECT event_key FROM outbox_event WHERE event_key IN (:keys) ORDER BY id")
                .param("keys", events.stream().map(PaymentRequested::key).toList())
                .query(String.class).list();
        assertThat(keysInIdOrder).containsExactlyElementsOf(events.stream().map(PaymentRequested::key).toList());
    }

    @Test
    void a_nested_transaction_writes_its_own_events_and_the_rolled_back_outer_one_none() {
        PaymentRequested outer = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 21);
        PaymentRequested inner = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 22);
        TransactionTemplate requiresNew = new TransactionTemplate(transactions);
        requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            outbox.append(outer);
            requiresNew.executeWithoutResult(n -> outbox.append(inner));
            throw new IllegalStateException("the outer change fails after the inner one committed");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(rowsOf(List.of(inner))).isEqualTo(1);
        assertThat(rowsOf(List.of(outer))).isZero();
    }

    @Test
    void the_events_of_a_rolled_back_nested_section_are_not_published_with_its_outer_transaction() {
        PaymentRequested kept = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 31);
        PaymentRequested undone = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 32);
        // the services' JPA transaction manager refuses nested transactions; a plain JDBC one on the same database
        // has savepoints
        DataSourceTransactionManager withSavepoints = new DataSourceTransactionManager(dataSource);
        TransactionTemplate tx = new TransactionTemplate(withSavepoints);
        TransactionTemplate nested = new TransactionTemplate(withSavepoints);
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        tx.executeWithoutResult(s -> {
            outbox.append(kept);
            nested.executeWithoutResult(n -> {
                outbox.append(undone);
                n.setRollbackOnly(); // back to the savepoint
            });
        });

        assertThat(rowsOf(List.of(kept))).isEqualTo(1);
        assertThat(rowsOf(List.of(undone))).isZero();

        // the same when the nested section holds the transaction's first event
        PaymentRequested first = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 33);
        PaymentRequested after = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 34);
        tx.executeWithoutResult(s -> {
            nested.executeWithoutResult(n -> {
                outbox.append(first);
                n.setRollbackOnly();
            });
            outbox.append(after);
        });
        assertThat(rowsOf(List.of(first))).isZero();
        assertThat(rowsOf(List.of(after))).isEqualTo(1);
    }

    @Test
    void an_event_row_the_database_refuses_fails_the_commit_and_rolls_back_the_change_with_it() {
        // a traceparent longer than its column (64): the insert at commit fails
        Outbox refusingOutbox = new Outbox(jdbc, codec, relay, () -> "0".repeat(65));
        PaymentRequested fine = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 41);
        PaymentRequested refused = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 42);
        String change = "rolled-back-" + UUID.randomUUID();
        assertThatThrownBy(() -> tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO processed_event (consumer, event_id, event_type) VALUES (:c, :id, 'T')")
                    .param("c", change).param("id", UUID.randomUUID().toString()).update();
            outbox.append(fine);
            refusingOutbox.append(refused);
        })).isInstanceOf(DataAccessException.class);

        assertThat(rowsOf(List.of(fine, refused))).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM processed_event WHERE consumer = :c").param("c", change)
                .query(Long.class).single()).isZero();
    }

    private long rowsOf(List<PaymentRequested> events) {
        return jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE event_key IN (:keys)")
                .param("keys", events.stream().map(PaymentRequested::key).toList())
                .query(Long.class).single();
    }

    // the transaction's connection's own count
    private long sessionInserts() {
        return jdbc.sql("SHOW SESSION STATUS LIKE 'Com_insert'").query((rs, n) -> rs.getLong(2)).single();
    }

    @Test
    void an_event_outside_a_transaction_is_refused() {
        assertThatThrownBy(() -> outbox.append(new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 1))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_redelivered_event_is_applied_once_even_when_deliveries_race() throws Exception {
        EventEnvelope envelope = codec.wrap(new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 7));
        AtomicInteger applied = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            pool.submit(() -> {
                go.await();
                inbox.applyOnce("inbox-it", envelope, applied::incrementAndGet);
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(applied).hasValue(1);
        assertThat(inbox.applyOnce("inbox-it", envelope, applied::incrementAndGet)).isFalse();
        assertThat(inbox.applyOnce("another-consumer", envelope, applied::incrementAndGet)).isTrue();
        assertThat(applied).hasValue(2);
    }

    @Test
    void a_failing_handler_rolls_back_its_processed_marker_so_a_retry_applies_it() {
        EventEnvelope envelope = codec.wrap(new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 9));
        assertThatThrownBy(() -> inbox.applyOnce("retry-it", envelope, () -> {
            throw new IllegalStateException("transient failure");
        })).isInstanceOf(IllegalStateException.class);

        AtomicInteger applied = new AtomicInteger();
        assertThat(inbox.applyOnce("retry-it", envelope, applied::incrementAndGet)).isTrue();
        assertThat(applied).hasValue(1);
    }

    @Test
    void housekeeping_deletes_old_published_rows_and_old_markers_but_never_pending_ones() {
        String old = "2000-01-01 00:00:00";
        String pending = UUID.randomUUID().toString();
        String published = UUID.randomUUID().toString();
        String marker = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO outbox_event (event_id, topic, event_key, event_type, envelope_json, created_at, published_at)
                VALUES (:p, 'platform-test.housekeeping', 'k', 'T', '{}', :old, NULL), (:d, 'platform-test.housekeeping', 'k', 'T', '{}', :old, :old)""")
                .param("p", pending).param("d", published).param("old", old).update();
        jdbc.sql("INSERT INTO processed_event (consumer, event_id, event_type, processed_at) VALUES ('hk', :e, 'T', :old)")
                .param("e", marker).param("old", old).update();
        try {
            relay.deleteHousekeeping(Duration.ofDays(1), Duration.ofDays(7));

            assertThat(jdbc.sql("SELECT event_id FROM outbox_event WHERE event_id IN (:ids)")
                    .param("ids", List.of(pending, published)).query(String.class).list()).containsExactly(pending);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM processed_event WHERE event_id = :e").param("e", marker)
                    .query(Long.class).single()).isZero();
        } finally {
            jdbc.sql("DELETE FROM outbox_event WHERE event_id = :p").param("p", pending).update();
        }
    }

    @Autowired
    io.micrometer.tracing.Tracer tracer;

    @Test
    void an_event_written_inside_a_trace_carries_its_trace_id_to_the_consumer() {
        io.micrometer.tracing.Span span = tracer.nextSpan().name("hold-a-seat").start();
        PaymentRequested event;
        try (io.micrometer.tracing.Tracer.SpanInScope scope = tracer.withSpan(span)) {
            event = commitEvent();
        } finally {
            span.end();
        }
        String traceId = span.context().traceId();

        String header = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (header == null && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.value().contains(event.paymentId().toString()) && r.headers().lastHeader("traceparent") != null) {
                    header = new String(r.headers().lastHeader("traceparent").value());
                }
            }
        }
        assertThat(header).isNotNull().startsWith("00-").contains(traceId);
    }

    @Test
    void a_produced_event_round_trips_through_the_broker() {
        PaymentRequested event = new PaymentRequested(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 42);
        kafka.send(Topics.PAYMENT, event.key(), codec.toJson(codec.wrap(event))).join();

        assertThat(receivedPaymentIds(1, Duration.ofSeconds(20))).containsEntry(event.paymentId(), 1);
    }
}
