package dev.concert.reservation.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.Topics;
import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

class ScheduleInventoryIT extends ReservationIntegrationTest {

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    @Test
    void a_ScheduleOpened_delivered_twice_and_sent_again_creates_50_seats_once() {
        ScheduleOpened opened = scheduleOnSale(50);
        EventEnvelope envelope = codec.wrap(opened);
        String json = codec.toJson(envelope);
        kafka.send(Topics.CONCERT, opened.key(), json).join();
        kafka.send(Topics.CONCERT, opened.key(), json).join();
        // the same fact re-sent under a new event id (e.g. a producer retry after a crash)
        EventEnvelope resent = codec.wrap(opened);
        kafka.send(Topics.CONCERT, opened.key(), codec.toJson(resent)).join();
        String scheduleId = opened.scheduleId().toString();

        // same key, same partition, in order: once the re-sent copy is processed, the duplicate before it was seen
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "SELECT COUNT(*) FROM processed_event WHERE consumer = 'reservation-service' AND event_id IN (?, ?)",
                envelope.eventId().toString(), resent.eventId().toString()) == 2);

        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ?", scheduleId)).isEqualTo(50);
        assertThat(count("SELECT COUNT(*) FROM schedule WHERE id = ?", scheduleId)).isOne();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status = 'AVAILABLE'", scheduleId))
                .isEqualTo(50);
        // every /api/** call is signed in now, the seat map too
        Response map = seatMap(opened.scheduleId(), java.util.UUID.randomUUID());
        assertThat(map.body().path("totalSeats").asInt()).isEqualTo(50);
        assertThat(map.body().path("seats").get(0).path("seatNumber").asInt()).isEqualTo(1);
        assertThat(map.body().path("seats").get(0).path("grade").asString()).isEqualTo("VIP");
        assertThat(map.body().path("seats").get(49).path("price").asLong()).isEqualTo(80_000);
    }

    @Test
    void opening_a_schedule_again_after_holds_changes_no_seat() {
        ScheduleOpened opened = openSchedule(50);
        assertThat(hold(java.util.UUID.randomUUID(), opened.scheduleId(), opened.seats().get(0).seatId()).status())
                .isEqualTo(201);
        tx.executeWithoutResult(s -> inventory.open(opened));

        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ?", opened.scheduleId().toString()))
                .isEqualTo(50);
        assertThat(count("SELECT COUNT(*) FROM seat WHERE id = ? AND status = 'HELD'",
                opened.seats().get(0).seatId().toString())).isOne();
    }
}
