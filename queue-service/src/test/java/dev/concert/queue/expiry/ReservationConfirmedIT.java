package dev.concert.queue.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.concert.testing.TestInfrastructure;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.platform.messaging.ParkReason;
import dev.concert.platform.messaging.ParkedEvents;
import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.token.QueueTokens;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The real broker at 127.0.0.1:9092 (KAFKA_BOOTSTRAP_SERVERS) and the real reservation.events topic, read by this
 * run's own consumer group. Events name fresh users, so other consumers of the topic find nothing to do with them.
 */
class ReservationConfirmedIT extends QueueServiceIntegrationTest {

    private static final String BOOTSTRAP = TestInfrastructure.kafkaBootstrap();
    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, String> producer;

    @Autowired
    Admission admission;

    @Autowired
    ParkedEvents parked;

    @Autowired
    QueueTokens tokens;

    @Value("${spring.kafka.consumer.group-id}")
    String consumerGroup;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all",
                // no broker: fail in seconds with Kafka's own message rather than after a minute
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    private void publish(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(Topics.RESERVATION, key, value)).get();
    }

    /** A booking that leaves its user no hold to pay (as every booking read before open holds were counted). */
    private static ReservationConfirmed confirmedFor(UUID user) {
        return new ReservationConfirmed(UUID.randomUUID(), UUID.randomUUID(), ROOM, UUID.randomUUID(), user, 50_000,
                0, 0);
    }

    @Test
    void a_reservation_confirmed_event_expires_the_users_token_at_once_and_a_duplicate_is_harmless() throws Exception {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        admission.runOnce(ROOM);
        assertThat(statusOf(token).get("status").asString()).isEqualTo("ACTIVE");

        // noise first: a record that is no envelope (parked as a dead letter) and a released hold of a user who has
        // not booked (the visit goes on)
        publish("x", "this is not an event");
        publish("y", CODEC.toJson(CODEC.wrap(new SeatReleased(UUID.randomUUID(), ROOM, UUID.randomUUID(), user,
                ReleaseReason.HOLD_EXPIRED, 0, 0))));
        ReservationConfirmed confirmed = confirmedFor(user);
        EventEnvelope envelope = CODEC.wrap(confirmed);
        publish(confirmed.key(), CODEC.toJson(envelope));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(statusOf(token).get("status").asString()).isEqualTo("EXPIRED"));
        assertThat(statusOf(token).get("reason").asString()).isEqualTo("BOOKED");

        // the user comes back for another concert; the same event delivered again must not end the new visit
        String next = issueFor(user).get("token").asString();
        publish(confirmed.key(), CODEC.toJson(envelope));
        UUID marker = UUID.randomUUID();
        String markerToken = issueFor(marker).get("token").asString();
        // same key, same partition: once the marker is handled, so is the duplicate before it
        publish(confirmed.key(), CODEC.toJson(CODEC.wrap(confirmedFor(marker))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(statusOf(markerToken).get("status").asString()).isEqualTo("EXPIRED"));
        assertThat(statusOf(next).get("status").asString()).isNotEqualTo("EXPIRED");
    }

    @Test
    void a_record_that_is_no_event_is_parked_with_its_reason_and_the_next_confirmation_still_ends_a_visit()
            throws Exception {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        admission.runOnce(ROOM);
        ReservationConfirmed confirmed = confirmedFor(user);
        String poison = "{\"not\": \"an event\", \"marker\": \"" + UUID.randomUUID() + "\"}";

        // one key, one partition: the confirmation is read only after the poison record was dealt with
        publish(confirmed.key(), poison);
        publish(confirmed.key(), CODEC.toJson(CODEC.wrap(confirmed)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(statusOf(token).get("status").asString()).isEqualTo("EXPIRED"));
        assertThat(statusOf(token).get("reason").asString()).isEqualTo("BOOKED");
        // parked for what it is, a record no event can be read from (such a record is not retried), on this
        // service's own parking topic with where it came from
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(parked.list())
                .anySatisfy(p -> {
                    assertThat(p.reason()).isEqualTo(ParkReason.MALFORMED);
                    assertThat(p.originalTopic()).isEqualTo(Topics.RESERVATION);
                    assertThat(p.parkingTopic()).isEqualTo(ParkedEvents.parkingTopic(Topics.RESERVATION,
                            consumerGroup));
                }));
    }

}
