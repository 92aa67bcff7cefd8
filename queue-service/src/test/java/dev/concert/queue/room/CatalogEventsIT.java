package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.Topics;
import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.testing.TestInfrastructure;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Rooms follow the catalog through the real broker: a ScheduleOpened on concert.events gives the schedule its room,
 * opening at the sale's opening, and an operator's changes to a room outlive the event heard again.
 */
class CatalogEventsIT extends QueueServiceIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final EventCodec CODEC = new EventCodec();
    private static KafkaProducer<String, String> producer;

    @Autowired
    RoomStore store;

    @Autowired
    Rooms rooms;

    @BeforeAll
    static void producer() {
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "15000"), new StringSerializer(), new StringSerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    /** On the record key {@code key}: one key, one partition, so records are handled in the order sent. */
    private static void publish(String key, DomainEvent event) throws Exception {
        producer.send(new ProducerRecord<>(Topics.CONCERT, key, CODEC.toJson(CODEC.wrap(event)))).get();
    }

    private static ScheduleOpened opened(UUID schedule, Instant saleOpensAt) {
        return new ScheduleOpened(schedule, UUID.randomUUID(), "Room test " + schedule, saleOpensAt.plus(
                Duration.ofDays(30)), saleOpensAt, saleOpensAt.plus(Duration.ofDays(29)),
                List.of(new ScheduleOpened.CatalogSeat(UUID.randomUUID(), 1, "VIP", 150_000)));
    }

    @Test
    void a_schedule_that_opens_for_sale_gets_a_room_opening_at_the_sale_s_opening() throws Exception {
        UUID schedule = UUID.randomUUID();
        Instant saleOpensAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);

        publish(schedule.toString(), opened(schedule, saleOpensAt));

        await().atMost(WITHIN).until(() -> store.find(schedule).isPresent());
        Room room = store.find(schedule).orElseThrow();
        assertThat(room.opensAt()).isEqualTo(saleOpensAt);
        assertThat(room.opened()).isFalse();
        assertThat(room.paused()).isFalse();
        assertThat(store.ids()).contains(schedule);
        // a fan can join it now: the pre-queue, until the sale opens
        assertThat(issueFor(UUID.randomUUID(), schedule).get("status").asString()).isEqualTo("PRE_QUEUE");
    }

    @Test
    void a_room_an_operator_has_changed_is_not_overwritten_when_the_event_comes_again() throws Exception {
        UUID schedule = UUID.randomUUID();
        Instant saleOpensAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
        ScheduleOpened event = opened(schedule, saleOpensAt);
        publish(schedule.toString(), event);
        await().atMost(WITHIN).until(() -> store.find(schedule).isPresent());

        Instant operatorsOpening = saleOpensAt.plus(Duration.ofHours(1));
        HttpResponse<String> changed = send(admin("/admin/rooms/" + schedule)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"opensAt\":\"" + operatorsOpening + "\",\"capacity\":7,\"admissionsPerSecond\":0.5}")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        store.change(store.find(schedule).orElseThrow().paused(true));

        // the same event again (a redelivery, a replay), then a marker on the same key: once the marker's room is
        // there, the repeat before it was handled
        publish(schedule.toString(), event);
        UUID marker = UUID.randomUUID();
        publish(schedule.toString(), opened(marker, saleOpensAt));
        await().atMost(WITHIN).until(() -> store.find(marker).isPresent());

        Optional<Room> room = store.find(schedule);
        assertThat(room).hasValueSatisfying(r -> {
            assertThat(r.opensAt()).isEqualTo(operatorsOpening);
            assertThat(r.capacity()).isEqualTo(7);
            assertThat(r.admissionsPerSecond()).isEqualTo(0.5);
            assertThat(r.paused()).isTrue();
        });
    }

    /** Publishes on the schedule's key, then a marker room on the same key: once it is there, the events were handled. */
    private void publishAndWait(UUID schedule, DomainEvent... events) throws Exception {
        for (DomainEvent event : events) {
            publish(schedule.toString(), event);
        }
        UUID marker = UUID.randomUUID();
        publish(schedule.toString(), opened(marker, Instant.now().plus(Duration.ofDays(3))));
        await().atMost(WITHIN).until(() -> store.find(marker).isPresent());
    }

    @Test
    void a_room_pauses_and_takes_no_newcomers_while_its_sale_is_closed_and_resumes_when_it_is_reopened()
            throws Exception {
        UUID schedule = UUID.randomUUID();
        UUID concert = UUID.randomUUID();
        UUID early = UUID.randomUUID();
        publishAndWait(schedule, opened(schedule, Instant.now().plus(Duration.ofDays(3))));
        issueFor(early, schedule);

        publishAndWait(schedule, new ScheduleSaleClosed(schedule, concert), new ScheduleSaleClosed(schedule, concert));

        assertThat(store.find(schedule).orElseThrow().paused()).isTrue();
        HttpResponse<String> refused = issueAs(UUID.randomUUID(), roomBody(schedule));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(json(refused).path("code").asString()).isEqualTo("ROOM_CLOSED");
        assertThat(issueAs(early, roomBody(schedule)).statusCode()).as("a fan with a token keeps it").isEqualTo(201);

        publishAndWait(schedule, new ScheduleSaleReopened(schedule, concert));

        assertThat(store.find(schedule).orElseThrow().paused()).isFalse();
        assertThat(issueFor(UUID.randomUUID(), schedule).path("status").asString()).isEqualTo("PRE_QUEUE");
    }

    @Test
    void a_cancelled_sale_s_room_stays_paused_and_closed_for_good() throws Exception {
        UUID schedule = UUID.randomUUID();
        UUID concert = UUID.randomUUID();
        publishAndWait(schedule, opened(schedule, Instant.now().minusSeconds(60)));

        publishAndWait(schedule, new ScheduleCancelled(schedule, concert), new ScheduleSaleReopened(schedule, concert),
                new ScheduleSaleClosed(schedule, concert));

        assertThat(store.find(schedule).orElseThrow().paused()).isTrue();
        assertThat(store.closure(schedule)).contains(RoomClosure.CANCELLED);
        assertThat(issueAs(UUID.randomUUID(), roomBody(schedule)).statusCode()).isEqualTo(409);
        // nor can an operator start it again
        assertThatThrownBy(() -> rooms.resume(schedule)).isInstanceOf(RoomClosed.class);
        assertThatThrownBy(() -> rooms.openNow(schedule)).isInstanceOf(RoomClosed.class);
        assertThat(store.find(schedule).orElseThrow().paused()).isTrue();
        assertThat(rooms.view(schedule).closed()).isEqualTo(RoomClosure.CANCELLED);
    }

    @Test
    void a_moved_sale_opening_moves_the_room_s_opening_until_the_room_has_opened() throws Exception {
        UUID ahead = UUID.randomUUID();
        Instant opensAt = Instant.now().plus(Duration.ofDays(3)).truncatedTo(ChronoUnit.SECONDS);
        Instant later = opensAt.plus(Duration.ofDays(1));
        UUID opened = UUID.randomUUID();
        Instant past = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        publishAndWait(ahead, opened(ahead, opensAt));
        publishAndWait(opened, opened(opened, past));
        issueFor(UUID.randomUUID(), opened); // a join past the opening opens the room (the draw is done)
        assertThat(store.find(opened).orElseThrow().opened()).isTrue();

        publishAndWait(ahead, new ScheduleChanged(ahead, UUID.randomUUID(), later.plus(Duration.ofDays(30)), later,
                later.plus(Duration.ofDays(29))));
        publishAndWait(opened, new ScheduleChanged(opened, UUID.randomUUID(), later.plus(Duration.ofDays(30)), later,
                later.plus(Duration.ofDays(29))));

        assertThat(store.find(ahead).orElseThrow().opensAt()).isEqualTo(later);
        assertThat(store.find(opened).orElseThrow().opensAt()).isEqualTo(past);
    }
}
