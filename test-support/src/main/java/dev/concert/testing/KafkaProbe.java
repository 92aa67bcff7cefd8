package dev.concert.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads what is published to a topic from now on. It assigns itself every partition and starts at the end, so it
 * needs no consumer group (no rebalance wait) and sees only events of the test that opened it.
 */
public final class KafkaProbe implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final EventCodec codec = new EventCodec();
    private final List<DomainEvent> seen = new ArrayList<>();

    public KafkaProbe(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrap());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Waits until {@code count} events of {@code type} matching {@code match} arrived; returns them all. */
    public <T extends DomainEvent> List<T> await(Class<T> type, Predicate<T> match, int count, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            List<T> matching = matching(type, match);
            if (matching.size() >= count || System.nanoTime() > deadline) {
                return matching;
            }
            poll(Duration.ofMillis(200));
        }
    }

    /** Keeps reading for {@code quiet} and returns every matching event seen so far (to show none came twice). */
    public <T extends DomainEvent> List<T> settle(Class<T> type, Predicate<T> match, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return matching(type, match);
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<String, String> record : consumer.poll(timeout)) {
            codec.payloadOf(codec.fromJson(record.value())).ifPresent(seen::add);
        }
    }

    private <T extends DomainEvent> List<T> matching(Class<T> type, Predicate<T> match) {
        return seen.stream().filter(type::isInstance).map(type::cast).filter(match).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
