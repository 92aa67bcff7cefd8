package dev.concert.queue.expiry;

import dev.concert.events.ReleaseReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatReleased;
import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.token.QueueTokens;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The real broker at 127.0.0.1:9092 (KAFKA_BOOTSTRAP_SERVERS), on a topic of this test run. */
class ReservationConfirmedIT extends QueueServiceIntegrationTest {

    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, String> producer;

    @Autowired
    Admission admission;

    @Autowired
    QueueTokens tokens;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                ProducerConfig.ACKS_CONFIG, "all",
                // no broker: fail in seconds with Kafka's own message rather than after a minute
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    private void publish(String key, String value) throws Exception {
        producer.send(new ProducerRecord<>(TOPIC, key, value)).get();
    }

    private static ReservationConfirmed confirmedFor(UUID user) {
        return new ReservationConfirmed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                user, 50_000);
    }

    @Test
    void a_reservation_confirmed_event_expires_the_users_token_at_once_and_a_duplicate_is_harmless() throws Exception {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        admission.runOnce();
        assertThat(statusWithBearer(token).get("status").asString()).isEqualTo("ACTIVE");

        // noise first: a record that is no envelope and an event of another type are skipped
        publish("x", "this is not an event");
        publish("y", CODEC.toJson(CODEC.wrap(new SeatReleased(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), user, ReleaseReason.HOLD_EXPIRED))));
        ReservationConfirmed confirmed = confirmedFor(user);
        EventEnvelope envelope = CODEC.wrap(confirmed);
        publish(confirmed.key(), CODEC.toJson(envelope));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(statusWithBearer(token).get("status").asString()).isEqualTo("EXPIRED"));
        assertThat(statusWithBearer(token).get("reason").asString()).isEqualTo("BOOKED");

        // the user comes back for another concert; the same event delivered again must not end the new visit
        String next = issueFor(user).get("token").asString();
        publish(confirmed.key(), CODEC.toJson(envelope));
        UUID marker = UUID.randomUUID();
        String markerToken = issueFor(marker).get("token").asString();
        // same key, same partition: once the marker is handled, so is the duplicate before it
        publish(confirmed.key(), CODEC.toJson(CODEC.wrap(confirmedFor(marker))));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(statusWithBearer(markerToken).get("status").asString()).isEqualTo("EXPIRED"));
        assertThat(statusWithBearer(next).get("status").asString()).isNotEqualTo("EXPIRED");
    }
}
