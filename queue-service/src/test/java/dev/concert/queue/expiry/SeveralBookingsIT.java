package dev.concert.queue.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.concert.testing.TestInfrastructure;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
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

/**
 * A fan may buy several seats in one visit: the queue token ends once the user has booked and has no hold left to pay
 * (or leaves), not at the first booking. Through the real broker (reservation.events) where the consumer matters,
 * through {@link Expiry} where only the script's rule does.
 */
class SeveralBookingsIT extends QueueServiceIntegrationTest {

    private static final String BOOTSTRAP = TestInfrastructure.kafkaBootstrap();
    private static final Duration WITHIN = Duration.ofSeconds(20);
    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, String> producer;

    @Autowired
    Admission admission;
    @Autowired
    QueueTokens tokens;
    @Autowired
    Expiry expiry;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"),
                new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    private static void publish(DomainEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.RESERVATION, event.key(), CODEC.toJson(CODEC.wrap(event)))).get();
    }

    private static ReservationConfirmed booked(UUID user, int openHolds, long version) {
        return new ReservationConfirmed(UUID.randomUUID(), UUID.randomUUID(), ROOM, UUID.randomUUID(), user, 80_000,
                openHolds, version);
    }

    private static SeatReleased released(UUID user, ReleaseReason reason, int openHolds, long version) {
        return new SeatReleased(UUID.randomUUID(), ROOM, UUID.randomUUID(), user, reason, openHolds, version);
    }

    /** An ACTIVE token of a fresh user. */
    private String activeToken(UUID user) {
        String token = issueFor(user).get("token").asString();
        admission.runOnce(ROOM);
        assertThat(status(token)).isEqualTo("ACTIVE");
        return token;
    }

    private String status(String token) {
        return statusOf(token).get("status").asString();
    }

    private Object field(String token, String name) {
        return redis.opsForHash().get(ROOM_PREFIX + "token:" + tokens.verify(token).tokenId(), name);
    }

    @Test
    void the_token_stays_active_after_the_first_of_two_bookings_and_ends_after_the_last() throws Exception {
        UUID user = UUID.randomUUID();
        String token = activeToken(user);

        publish(booked(user, 1, 1));
        await().atMost(WITHIN).until(() -> "1".equals(field(token, "booked")));
        assertThat(status(token)).as("one hold is still to be paid").isEqualTo("ACTIVE");

        publish(booked(user, 0, 2));
        await().atMost(WITHIN).until(() -> status(token).equals("EXPIRED"));
        assertThat(statusOf(token).get("reason").asString()).isEqualTo("BOOKED");
    }

    @Test
    void a_token_that_has_booked_ends_when_its_last_open_hold_is_released() throws Exception {
        UUID user = UUID.randomUUID();
        String token = activeToken(user);

        publish(booked(user, 1, 1));
        await().atMost(WITHIN).until(() -> "1".equals(field(token, "booked")));
        publish(released(user, ReleaseReason.CANCELLED, 0, 2));

        await().atMost(WITHIN).until(() -> status(token).equals("EXPIRED"));
        assertThat(statusOf(token).get("reason").asString()).isEqualTo("BOOKED");
    }

    @Test
    void a_released_hold_of_a_user_who_has_not_booked_leaves_the_visit_going() throws Exception {
        UUID user = UUID.randomUUID();
        String token = activeToken(user);

        publish(released(user, ReleaseReason.HOLD_EXPIRED, 0, 1));
        await().atMost(WITHIN).until(() -> "1".equals(field(token, "holds_version")));

        assertThat(status(token)).isEqualTo("ACTIVE");
        assertThat(field(token, "booked")).isEqualTo("0");
    }

    @Test
    void the_newest_count_decides_whatever_order_the_events_of_different_reservations_arrive_in() {
        UUID late = UUID.randomUUID();
        String lateToken = activeToken(late);
        Instant now = Instant.now();
        // the release of the last hold (version 2) is heard before the booking that preceded it (version 1)
        assertThat(expiry.holdReleased(ROOM, late, now, 0, 2)).isFalse();
        assertThat(expiry.bookingConfirmed(ROOM, late, now, 1, 1)).isTrue();
        assertThat(status(lateToken)).isEqualTo("EXPIRED");

        UUID stale = UUID.randomUUID();
        String staleToken = activeToken(stale);
        now = Instant.now();
        // a booking with a hold left (version 2) is heard before an older release that had counted none (version 1)
        assertThat(expiry.bookingConfirmed(ROOM, stale, now, 1, 2)).isFalse();
        assertThat(expiry.holdReleased(ROOM, stale, now, 0, 1)).isFalse();
        assertThat(status(staleToken)).as("a hold is still open").isEqualTo("ACTIVE");
        assertThat(expiry.holdReleased(ROOM, stale, now, 0, 3)).isTrue();
    }

    @Test
    void a_repeated_event_is_harmless_and_a_later_visit_is_left_alone() {
        UUID user = UUID.randomUUID();
        String token = activeToken(user);
        Instant bookedAt = Instant.now();
        assertThat(expiry.bookingConfirmed(ROOM, user, bookedAt, 2, 5)).isFalse();
        assertThat(expiry.bookingConfirmed(ROOM, user, bookedAt, 2, 5)).isFalse();
        assertThat(status(token)).isEqualTo("ACTIVE");
        assertThat(expiry.holdReleased(ROOM, user, bookedAt, 0, 7)).isTrue();
        assertThat(expiry.holdReleased(ROOM, user, bookedAt, 0, 7)).as("already ended").isFalse();

        String next = activeToken(user);
        assertThat(expiry.bookingConfirmed(ROOM, user, bookedAt, 0, 8)).as("issued after the booking").isFalse();
        assertThat(status(next)).isEqualTo("ACTIVE");
    }
}
