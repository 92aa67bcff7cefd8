package dev.concert.concert.availability;

import dev.concert.events.ReleaseReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;
import dev.concert.concert.catalog.Concert;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

/** reservation-service's events, published to the real broker as reservation-service would, move the count. */
class AvailableSeatsIT extends ConcertIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    private EventEnvelope publish(DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        kafka.send(Topics.RESERVATION, event.key(), codec.toJson(envelope)).join();
        return envelope;
    }

    private boolean processed(EventEnvelope... envelopes) {
        for (EventEnvelope e : envelopes) {
            if (count("SELECT COUNT(*) FROM processed_event WHERE consumer = 'concert-service' AND event_id = ?",
                    e.eventId().toString()) == 0) {
                return false;
            }
        }
        return true;
    }

    private int availableSeats(Concert concert, UUID scheduleId) {
        for (var date : get("/api/v1/concerts/" + concert.id() + "/schedules").body()) {
            if (date.path("scheduleId").asString().equals(scheduleId.toString())) {
                return date.path("availableSeats").asInt();
            }
        }
        throw new AssertionError("schedule " + scheduleId + " not listed");
    }

    private static SeatHeld held(ScheduleOpened schedule, int seatIndex) {
        ScheduleOpened.CatalogSeat seat = schedule.seats().get(seatIndex);
        return new SeatHeld(UUID.randomUUID(), schedule.scheduleId(), seat.seatId(), seat.seatNumber(),
                UUID.randomUUID(), seat.price(), Instant.now().plusSeconds(300));
    }

    private static SeatReleased released(SeatHeld hold) {
        return new SeatReleased(hold.reservationId(), hold.scheduleId(), hold.seatId(), hold.userId(),
                ReleaseReason.HOLD_EXPIRED, 0, 1);
    }

    @Test
    void available_seats_follow_holds_and_releases_and_ignore_confirmations() {
        Concert concert = newConcert();
        ScheduleOpened schedule = bookableSchedule(concert, Duration.ofDays(8));
        SeatHeld first = held(schedule, 0);
        SeatHeld second = held(schedule, 1);
        SeatHeld third = held(schedule, 2);
        EventEnvelope[] holds = {publish(first), publish(second), publish(third)};
        await().atMost(WITHIN).until(() -> processed(holds));
        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(47);

        EventEnvelope release = publish(released(first));
        publish(new ReservationConfirmed(second.reservationId(), UUID.randomUUID(), schedule.scheduleId(),
                second.seatId(), second.userId(), second.price(), 0, 1));
        // concert-service does not register ReservationConfirmed: a re-sent hold of the same reservation (same key,
        // same partition, counted once) marks the point where the confirmation has been passed over
        EventEnvelope marker = publish(second);
        await().atMost(WITHIN).until(() -> processed(release, marker));

        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(48);
    }

    @Test
    void a_booking_cancelled_before_the_show_gives_its_seat_back_to_the_count() {
        Concert concert = newConcert();
        ScheduleOpened schedule = bookableSchedule(concert, Duration.ofDays(8));
        SeatHeld booked = held(schedule, 3);
        EventEnvelope hold = publish(booked);
        await().atMost(WITHIN).until(() -> processed(hold));
        publish(new ReservationConfirmed(booked.reservationId(), UUID.randomUUID(), schedule.scheduleId(),
                booked.seatId(), booked.userId(), booked.price(), 0, 1));
        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(49);

        EventEnvelope cancelled = publish(new SeatReleased(booked.reservationId(), schedule.scheduleId(),
                booked.seatId(), booked.userId(), ReleaseReason.CANCELLED, 0, 2));
        await().atMost(WITHIN).until(() -> processed(cancelled));

        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(50);
    }

    @Test
    void a_duplicate_hold_event_counts_once() {
        Concert concert = newConcert();
        ScheduleOpened schedule = bookableSchedule(concert, Duration.ofDays(8));
        SeatHeld hold = held(schedule, 5);
        EventEnvelope envelope = codec.wrap(hold);
        String json = codec.toJson(envelope);
        kafka.send(Topics.RESERVATION, hold.key(), json).join();
        kafka.send(Topics.RESERVATION, hold.key(), json).join();
        // same key, same partition, after the copy: once this marker (the same hold re-sent under a new event id,
        // which the projection counts once per reservation) is processed, so was the copy
        EventEnvelope marker = publish(hold);
        await().atMost(WITHIN).until(() -> processed(envelope, marker));

        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(49);
    }

    @Test
    void the_count_never_rises_above_the_catalog_size() {
        Concert concert = newConcert();
        ScheduleOpened schedule = bookableSchedule(concert, Duration.ofDays(8));
        // a release whose hold this projection never saw (e.g. from before it existed) must not make a 51st seat
        EventEnvelope ghost = publish(released(held(schedule, 0)));
        await().atMost(WITHIN).until(() -> processed(ghost));

        assertThat(availableSeats(concert, schedule.scheduleId())).isEqualTo(50);
    }

    @Test
    void a_re_hold_that_overtakes_the_earlier_release_of_the_last_seat_is_not_lost() {
        Concert concert = newConcert();
        ScheduleOpened schedule = bookableSchedule(concert, Duration.ofDays(9));
        java.util.List<SeatHeld> holds = new java.util.ArrayList<>();
        java.util.List<EventEnvelope> sent = new java.util.ArrayList<>();
        for (int seat = 0; seat < 50; seat++) {
            SeatHeld hold = held(schedule, seat);
            holds.add(hold);
            sent.add(publish(hold));
        }
        await().atMost(WITHIN).until(() -> processed(sent.toArray(EventEnvelope[]::new)));
        assertThat(availableSeats(concert, schedule.scheduleId())).isZero();

        // seat 0 is released and held again by someone else; the new hold (another partition) is processed first
        EventEnvelope reHold = publish(held(schedule, 0));
        await().atMost(WITHIN).until(() -> processed(reHold));
        EventEnvelope release = publish(released(holds.getFirst()));
        await().atMost(WITHIN).until(() -> processed(release));

        assertThat(availableSeats(concert, schedule.scheduleId())).isZero();
    }
}
