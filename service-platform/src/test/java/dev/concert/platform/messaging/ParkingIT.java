package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.WalletRefunded;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The consumer failure policy end to end on a real broker and database: what can never succeed is parked at once with
 * its reason and origin, an outage is waited out in place however long it lasts, and a parked record replays once.
 */
@SpringBootTest(properties = {"platform.consumer.attempts=3", "platform.consumer.transient-max-backoff=1s"})
@Import(ParkingIT.Consumer.class)
public class ParkingIT {

    /** A fresh topic per run: the local broker keeps earlier runs' records. */
    public static final String TOPIC = "platform-test.parking-" + UUID.randomUUID().toString().substring(0, 8);
    /** Two partitions, one consumer: a failing record on one while the other keeps flowing. */
    public static final String BUSY_TOPIC = "platform-test.parking-busy-" + UUID.randomUUID().toString().substring(0, 8);
    static final String GROUP = "platform-test-parking";

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    Consumer consumer;
    @Autowired
    KafkaProperties kafkaProperties;

    ParkedEvents parked;

    @BeforeEach
    void parkedRecordsOfTheTestGroup() {
        parked = new ParkedEvents(GROUP, List.of(TOPIC), kafka, kafkaProperties.buildConsumerProperties(),
                new SimpleMeterRegistry());
    }

    @TestConfiguration
    static class Consumer {
        final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final Map<UUID, AtomicInteger> applied = new ConcurrentHashMap<>();
        final List<UUID> appliedInOrder = new CopyOnWriteArrayList<>();
        /** while set, every handler call fails as if the database were away */
        final AtomicBoolean databaseAway = new AtomicBoolean();
        /** refunds of this amount are refused by rule until the "fix" flips it */
        final AtomicBoolean refuseNegative = new AtomicBoolean(true);
        @Autowired
        InboundEvents inbound;

        final EventHandlers handlers = EventHandlers.of("parking-check").on(WalletRefunded.class, this::refund).build();

        @org.springframework.context.annotation.Bean
        org.apache.kafka.clients.admin.NewTopic busyTopic() {
            return org.springframework.kafka.config.TopicBuilder.name(BUSY_TOPIC).partitions(2).build();
        }

        @KafkaListener(topics = "#{T(dev.concert.platform.messaging.ParkingIT).BUSY_TOPIC}", groupId = GROUP,
                batch = "true")
        void onBusy(List<ConsumerRecord<String, String>> records) {
            inbound.acceptAll(records, handlers);
        }

        /** A batch listener, as every service's ({@link EventConsumer}). */
        @KafkaListener(topics = "#{T(dev.concert.platform.messaging.ParkingIT).TOPIC}", groupId = GROUP,
                batch = "true")
        void on(List<ConsumerRecord<String, String>> records) {
            inbound.acceptAll(records, handlers);
        }

        private void refund(WalletRefunded refund) {
            attempts.computeIfAbsent(refund.paymentId(), k -> new AtomicInteger()).incrementAndGet();
            if (databaseAway.get()) {
                throw new DataAccessResourceFailureException("connection refused (simulated outage)");
            }
            if (refund.amount() == -2 && refuseNegative.get()) {
                throw new RefusedEvent("a refund is never negative");
            }
            if (refund.amount() == -1) {
                throw new IllegalStateException("a bug: cannot refund -1");
            }
            if (refund.amount() == -3) {
                // the database away for the first two tries, then a bug
                if (attempts.get(refund.paymentId()).get() <= 2) {
                    throw new DataAccessResourceFailureException("connection refused (simulated outage)");
                }
                throw new IllegalStateException("a bug behind an outage");
            }
            // counted once committed: a batch that fails after this event applies it again in a new transaction
            AfterCommit.run(() -> {
                applied.computeIfAbsent(refund.paymentId(), k -> new AtomicInteger()).incrementAndGet();
                appliedInOrder.add(refund.paymentId());
            });
        }
    }

    private static WalletRefunded refund(long amount) {
        return new WalletRefunded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), amount, 100);
    }

    private void send(String value) throws Exception {
        kafka.send(TOPIC, "one-key", value).get();
    }

    private void send(WalletRefunded event) throws Exception {
        send(codec.toJson(codec.wrap(event)));
    }

    @Test
    void what_can_never_succeed_is_parked_within_seconds_with_its_reason_and_origin() throws Exception {
        WalletRefunded refused = refund(-2);
        String refusedRecord = codec.toJson(codec.wrap(refused));
        WalletRefunded buggy = refund(-1);
        WalletRefunded good = refund(10);
        EventEnvelope unknownType = new EventEnvelope(UUID.randomUUID(), "SeatTeleported", 1,
                java.time.Instant.now(), "k", "{}");
        EventEnvelope newerVersion = new EventEnvelope(UUID.randomUUID(), "WalletRefunded", 2,
                java.time.Instant.now(), "k", codec.wrap(refund(5)).payloadJson());
        long start = System.nanoTime();
        send(refusedRecord);
        send("this is not an event");
        send(codec.toJson(unknownType));
        send(codec.toJson(newerVersion));
        send(buggy);
        send(good);

        await().atMost(Duration.ofSeconds(30)).until(() -> consumer.applied.containsKey(good.paymentId()));
        await().atMost(Duration.ofSeconds(10)).until(() -> parked.list().size() == 5);
        List<ParkedEvents.Parked> records = parked.list();
        assertThat(records).extracting(ParkedEvents.Parked::reason).containsExactly(ParkReason.REFUSED,
                ParkReason.MALFORMED, ParkReason.UNKNOWN_TYPE, ParkReason.NEWER_VERSION, ParkReason.FAILED_REPEATEDLY);
        assertThat(records).allSatisfy(p -> {
            assertThat(p.originalTopic()).isEqualTo(TOPIC);
            assertThat(p.originalPartition()).isNotNull();
            assertThat(p.originalOffset()).isNotNull();
            assertThat(p.parkingTopic()).isEqualTo(TOPIC + "." + GROUP + ".DLT");
        });
        assertThat(records).extracting(ParkedEvents.Parked::originalOffset).isSorted().doesNotHaveDuplicates();
        // the refusal and the unreadable ones at once; only the bug is tried again (3 times)
        assertThat(consumer.attempts.get(refused.paymentId())).hasValue(1);
        assertThat(consumer.attempts.get(buggy.paymentId())).hasValue(3);
        assertThat(consumer.applied).doesNotContainKeys(refused.paymentId(), buggy.paymentId());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));

        // after the fix, one replay applies the refused event exactly once, and replaying everything again adds nothing
        consumer.refuseNegative.set(false);
        ParkedEvents.Parked first = records.getFirst();
        assertThat(parked.replay(first.parkingTopic(), first.partition(), first.offset())).isPresent();
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.applied.containsKey(refused.paymentId()));
        assertThat(parked.list()).hasSize(4);
        assertThat(parked.replay(first.parkingTopic(), first.partition(), first.offset())).isEmpty();
        // a replay re-sent twice (a crash between the re-send and its marker) is absorbed by the inbox
        send(refusedRecord);
        WalletRefunded marker = refund(11);
        send(marker);
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.applied.containsKey(marker.paymentId()));
        assertThat(consumer.applied.get(refused.paymentId())).hasValue(1);
    }

    @Test
    void an_outage_is_waited_out_in_place_and_nothing_is_parked() throws Exception {
        WalletRefunded during = refund(20);
        WalletRefunded after = refund(21);
        consumer.databaseAway.set(true);
        try {
            send(during);
            send(after);
            // far longer than the bounded tries of an unexpected failure (3 x 50 ms)
            await().pollDelay(Duration.ofSeconds(12)).atMost(Duration.ofSeconds(13)).until(() -> true);
            assertThat(consumer.attempts.get(during.paymentId()).get()).isGreaterThan(3);
            assertThat(consumer.attempts).doesNotContainKey(after.paymentId());
        } finally {
            consumer.databaseAway.set(false);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.applied.containsKey(after.paymentId()));
        assertThat(consumer.applied.get(during.paymentId())).hasValue(1);
        assertThat(consumer.applied.get(after.paymentId())).hasValue(1);
        assertThat(consumer.appliedInOrder.indexOf(during.paymentId()))
                .isLessThan(consumer.appliedInOrder.indexOf(after.paymentId()));
        assertThat(parked.list()).noneMatch(p -> p.failure() != null && p.failure().contains("simulated outage"));
    }

    /**
     * One consumer on two partitions: while a bug's record waits for its next try, the other partition's records keep
     * coming, and each of those polls succeeds. The bug is still tried three times and parked, not retried for ever;
     * and a record that first met an outage and then a bug is counted afresh from the bug on and parked too.
     */
    @Test
    void a_failing_record_is_parked_after_its_tries_while_another_partition_keeps_flowing() throws Exception {
        ParkedEvents busyParked = new ParkedEvents(GROUP, List.of(BUSY_TOPIC), kafka,
                kafkaProperties.buildConsumerProperties(), new SimpleMeterRegistry());
        WalletRefunded buggy = refund(-1);
        WalletRefunded outageThenBug = refund(-3);
        kafka.send(BUSY_TOPIC, 0, "a", codec.toJson(codec.wrap(buggy))).get();
        kafka.send(BUSY_TOPIC, 0, "a", codec.toJson(codec.wrap(outageThenBug))).get();
        List<WalletRefunded> flowing = new java.util.ArrayList<>();
        long until = System.nanoTime() + Duration.ofSeconds(12).toNanos();
        while (System.nanoTime() < until && busyParked.list().size() < 2) {
            WalletRefunded good = refund(30);
            flowing.add(good);
            kafka.send(BUSY_TOPIC, 1, "b", codec.toJson(codec.wrap(good))).get();
            Thread.sleep(50);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> busyParked.list().size() == 2);
        assertThat(busyParked.list()).extracting(ParkedEvents.Parked::reason)
                .containsExactly(ParkReason.FAILED_REPEATEDLY, ParkReason.FAILED_REPEATEDLY);
        assertThat(consumer.attempts.get(buggy.paymentId())).hasValue(3);
        // two tries during the outage, then three for the bug
        assertThat(consumer.attempts.get(outageThenBug.paymentId())).hasValue(5);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(flowing).allSatisfy(r -> assertThat(consumer.applied.get(r.paymentId())).hasValue(1)));
        busyParked.stop();
    }
}
