package dev.concert.platform.messaging;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.atomic.AtomicLong;

import dev.concert.events.Topics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The records this service's consumer group parked, and their replay.
 * <p>
 * A parked record lives on {@code <topic>.<group>.DLT} (one parking topic per topic and consumer group, so each
 * service sees only its own). Replaying re-sends the original key and value to the original topic (same key, so the
 * same partition) and then appends a marker to the parking topic that names the replayed offset; the list is the
 * parked records without a marker. Everything is in Kafka: any instance lists and replays, and a crash between the
 * re-send and the marker only re-sends once more, which the consumers' inbox absorbs (same event id).
 */
public class ParkedEvents implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    public static final String REASON_HEADER = "parked-reason";
    /** On a marker record: {@code <partition>:<offset>} of the parked record it replayed. */
    public static final String REPLAYED_HEADER = "parked-replayed";
    /** On a re-sent record: where it was parked, for the logs of whoever reads it again. */
    public static final String REPLAY_OF_HEADER = "replay-of";

    private final String group;
    private final List<String> topics;
    private final KafkaTemplate<String, String> kafka;
    private final Map<String, Object> consumerProperties;
    private final Map<String, AtomicLong> parkedByTopic = new LinkedHashMap<>();
    private volatile boolean running;
    private Thread refresher;
    /**
     * Guards the reader and what it has read (a KafkaConsumer is for one thread at a time). A lock, not a monitor: the
     * callers are virtual threads, and one waiting on a monitor while the holder does network I/O pins its carrier.
     */
    private final ReentrantLock readerLock = new ReentrantLock();
    private KafkaConsumer<String, String> reader;
    private final Set<TopicPartition> assigned = new HashSet<>();
    private final List<ConsumerRecord<String, String>> parkedRecords = new ArrayList<>();
    /** {@code <parking topic>/<partition>:<offset>} of every replayed record */
    private final Set<String> replayedPositions = new HashSet<>();

    public ParkedEvents(String group, List<String> topics, KafkaTemplate<String, String> kafka,
                        Map<String, Object> consumerProperties, MeterRegistry meters) {
        this.group = group;
        this.topics = List.copyOf(topics);
        this.kafka = kafka;
        this.consumerProperties = new HashMap<>(consumerProperties);
        this.consumerProperties.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.consumerProperties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerProperties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        // a poll leaves a fetch out at the broker for up to the listeners' fetch wait, and the broker answers one
        // connection's requests in order: this reader's next endOffsets must not queue behind it
        this.consumerProperties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        for (String topic : this.topics) {
            AtomicLong count = new AtomicLong();
            parkedByTopic.put(topic, count);
            Gauge.builder("events.parked", count, AtomicLong::get)
                    .description("records this service parked and nobody replayed yet; above 0 needs an operator")
                    .tag("topic", topic).register(meters);
        }
    }

    /** Where a record of {@code topic} that consumer group {@code group} cannot apply is parked. */
    public static String parkingTopic(String topic, String group) {
        return topic + "." + (group == null || group.isBlank() ? "unknown-group" : group) + Topics.DEAD_LETTER_SUFFIX;
    }

    public List<String> parkingTopics() {
        return topics.stream().map(t -> parkingTopic(t, group)).toList();
    }

    /** A parked record not replayed yet. */
    public record Parked(String parkingTopic, int partition, long offset, String originalTopic,
                         Integer originalPartition, Long originalOffset, ParkReason reason, String failure,
                         Instant parkedAt, long ageSeconds, String key) {
    }

    /** The parked records of this service not replayed yet, oldest first per parking topic. */
    public List<Parked> list() {
        List<Parked> all = new ArrayList<>();
        for (String topic : parkingTopics()) {
            all.addAll(unreplayed(topic).stream().map(r -> describe(r)).toList());
        }
        updateGauges(all);
        return all;
    }

    /** Re-sends every parked record to its original topic; returns the ones re-sent. */
    public List<Parked> replayAll() {
        List<Parked> replayed = new ArrayList<>();
        for (String topic : parkingTopics()) {
            for (ConsumerRecord<String, String> record : unreplayed(topic)) {
                replayed.add(replay(record));
            }
        }
        list();
        return replayed;
    }

    /** Re-sends one parked record; empty if there is no such unreplayed record. */
    public Optional<Parked> replay(String parkingTopic, int partition, long offset) {
        if (!parkingTopics().contains(parkingTopic)) {
            return Optional.empty();
        }
        Optional<Parked> replayed = unreplayed(parkingTopic).stream()
                .filter(r -> r.partition() == partition && r.offset() == offset).findFirst().map(this::replay);
        list();
        return replayed;
    }

    private Parked replay(ConsumerRecord<String, String> record) {
        Parked parked = describe(record);
        if (parked.originalTopic() == null) {
            throw new IllegalStateException("parked record " + record.topic() + "-" + record.partition() + "@"
                    + record.offset() + " does not say where it came from");
        }
        ProducerRecord<String, String> again = new ProducerRecord<>(parked.originalTopic(), record.key(),
                record.value());
        Header traceParent = record.headers().lastHeader(OutboxRelay.TRACE_PARENT_HEADER);
        if (traceParent != null) {
            again.headers().add(traceParent);
        }
        String position = record.partition() + ":" + record.offset();
        again.headers().add(REPLAY_OF_HEADER, (record.topic() + "/" + position).getBytes(StandardCharsets.UTF_8));
        ProducerRecord<String, String> marker = new ProducerRecord<>(record.topic(), record.partition(), null, null);
        marker.headers().add(REPLAYED_HEADER, position.getBytes(StandardCharsets.UTF_8));
        try {
            kafka.send(again).get(10, TimeUnit.SECONDS);
            kafka.send(marker).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not replay " + record.topic() + "/" + position + ": "
                    + e.getMessage(), e);
        }
        log.info("replayed parked record {}/{} to {}", record.topic(), position, parked.originalTopic());
        return parked;
    }

    /** The parked records of a parking topic without a replay marker, read up to the topic's current end. */
    private List<ConsumerRecord<String, String>> unreplayed(String parkingTopic) {
        readerLock.lock();
        try {
            try {
                catchUp();
            } catch (RuntimeException e) {
                // start afresh next time: a half-read position must not hide records
                closeReader();
                throw e;
            }
            return parkedRecords.stream().filter(r -> r.topic().equals(parkingTopic))
                    .filter(r -> !replayedPositions.contains(r.topic() + "/" + r.partition() + ":" + r.offset()))
                    .toList();
        } finally {
            readerLock.unlock();
        }
    }

    /**
     * Reads the parking topics on from where the last read stopped, to their current end. One reader per instance,
     * kept open: a consumer created per read (every 15 s for the gauge, in every service) cost each idle service a
     * Kafka client's start-up and the broker a new connection and fetch session.
     */
    private void catchUp() {
        if (reader == null) {
            reader = new KafkaConsumer<>(consumerProperties, new StringDeserializer(), new StringDeserializer());
            assigned.clear();
            parkedRecords.clear();
            replayedPositions.clear();
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : parkingTopics()) {
            List<PartitionInfo> infos = reader.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        if (!assigned.equals(new HashSet<>(partitions))) {
            List<TopicPartition> added = partitions.stream().filter(tp -> !assigned.contains(tp)).toList();
            assigned.addAll(partitions);
            reader.assign(assigned);
            reader.seekToBeginning(added);
        }
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(assigned, Duration.ofSeconds(5));
        if (assigned.stream().anyMatch(tp -> reader.position(tp) > ends.get(tp))) {
            // a parking topic was deleted and created again: read everything anew
            closeReader();
            catchUp();
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (assigned.stream().anyMatch(tp -> reader.position(tp) < ends.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read the parking topics to their end within 20 s");
            }
            for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(500))) {
                Header marker = r.headers().lastHeader(REPLAYED_HEADER);
                if (marker != null) {
                    replayedPositions.add(r.topic() + "/" + new String(marker.value(), StandardCharsets.UTF_8));
                } else {
                    parkedRecords.add(r);
                }
            }
        }
    }

    private void closeReader() {
        readerLock.lock();
        try {
            if (reader != null) {
                try {
                    reader.close(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    log.debug("closing the parked-records reader: {}", e.getMessage());
                }
                reader = null;
            }
        } finally {
            readerLock.unlock();
        }
    }

    private static Parked describe(ConsumerRecord<String, String> r) {
        Instant parkedAt = Instant.ofEpochMilli(r.timestamp());
        return new Parked(r.topic(), r.partition(), r.offset(), text(r, KafkaHeaders.DLT_ORIGINAL_TOPIC),
                binary(r, KafkaHeaders.DLT_ORIGINAL_PARTITION).map(b -> ByteBuffer.wrap(b).getInt()).orElse(null),
                binary(r, KafkaHeaders.DLT_ORIGINAL_OFFSET).map(b -> ByteBuffer.wrap(b).getLong()).orElse(null),
                Optional.ofNullable(text(r, REASON_HEADER)).flatMap(ParkedEvents::reason).orElse(null),
                text(r, KafkaHeaders.DLT_EXCEPTION_MESSAGE), parkedAt,
                Math.max(0, Duration.between(parkedAt, Instant.now()).toSeconds()), r.key());
    }

    /** A reason written by a newer instance (rolling upgrade) reads as unknown instead of breaking the list. */
    private static Optional<ParkReason> reason(String name) {
        try {
            return Optional.of(ParkReason.valueOf(name));
        } catch (IllegalArgumentException newer) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> binary(ConsumerRecord<?, ?> r, String header) {
        return Optional.ofNullable(r.headers().lastHeader(header)).map(Header::value);
    }

    private static String text(ConsumerRecord<?, ?> r, String header) {
        return binary(r, header).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    private void updateGauges(List<Parked> parked) {
        Map<String, Long> counts = new HashMap<>();
        parked.forEach(p -> counts.merge(p.originalTopic() == null ? "" : p.originalTopic(), 1L, Long::sum));
        parkedByTopic.forEach((topic, count) -> count.set(counts.getOrDefault(topic, 0L)));
    }

    private void refreshLoop() {
        while (running) {
            try {
                list();
            } catch (RuntimeException e) {
                log.debug("could not count parked records (will retry): {}", e.getMessage());
            }
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        if (!topics.isEmpty()) {
            refresher = Thread.ofVirtual().name("parked-events-gauge").start(this::refreshLoop);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (refresher != null) {
            refresher.interrupt();
        }
        closeReader();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
