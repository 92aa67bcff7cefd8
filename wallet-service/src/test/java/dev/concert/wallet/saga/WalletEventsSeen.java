package dev.concert.wallet.saga;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.concert.testing.TestInfrastructure;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.Topics;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * What wallet-service announced on {@code wallet.events}, read by a plain consumer of its own (a fresh group that
 * starts at the end of the topic). One per test JVM: it joins the group once, before the first test publishes.
 */
final class WalletEventsSeen {

    private static WalletEventsSeen instance;

    private final List<DomainEvent> events = new CopyOnWriteArrayList<>();
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final EventCodec codec = new EventCodec();

    static synchronized WalletEventsSeen start() {
        if (instance == null) {
            instance = new WalletEventsSeen();
        }
        return instance;
    }

    private WalletEventsSeen() {
        Thread.ofPlatform().daemon().name("wallet-events-seen").start(this::run);
        try {
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the observer got no partitions of " + Topics.WALLET);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrap());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "wallet-it-observer-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.WALLET));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        codec.payloadOf(codec.fromJson(record.value())).ifPresent(events::add);
                    } catch (RuntimeException notAnEvent) {
                        // other engineers share the broker: skip what is not ours to read
                    }
                }
                if (assigned.getCount() > 0 && !consumer.assignment().isEmpty()) {
                    // pin "latest" now, so nothing published after start() returns is skipped
                    for (TopicPartition partition : consumer.assignment()) {
                        consumer.position(partition);
                    }
                    assigned.countDown();
                }
            }
        }
    }

    <T extends DomainEvent> List<T> of(Class<T> type, UUID paymentId) {
        List<T> found = new ArrayList<>();
        for (DomainEvent event : events) {
            if (type.isInstance(event) && paymentId.equals(paymentIdOf(event))) {
                found.add(type.cast(event));
            }
        }
        return found;
    }

    private static UUID paymentIdOf(DomainEvent event) {
        return switch (event) {
            case dev.concert.events.WalletDebited e -> e.paymentId();
            case dev.concert.events.WalletDebitFailed e -> e.paymentId();
            case dev.concert.events.WalletRefunded e -> e.paymentId();
            default -> null;
        };
    }
}
