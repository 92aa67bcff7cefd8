package dev.concert.reservation.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.testing.KafkaProbe;
import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.KafkaTemplate;

class ConfirmationIT extends ReservationIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(30);

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    private record Held(UUID reservationId, UUID userId, UUID seatId, UUID scheduleId, long price) {
    }

    private Held holdASeat() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        ScheduleOpened.CatalogSeat seat = schedule.seats().get(11);
        Response held = hold(user, schedule.scheduleId(), seat.seatId());
        assertThat(held.status()).isEqualTo(201);
        return new Held(UUID.fromString(held.body().path("reservationId").asString()), user, seat.seatId(),
                schedule.scheduleId(), seat.price());
    }

    private EventEnvelope publish(String topic, DomainEvent event) {
        EventEnvelope envelope = codec.wrap(event);
        kafka.send(topic, event.key(), codec.toJson(envelope)).join();
        return envelope;
    }

    private String statusOf(UUID reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = ?").param(reservationId.toString())
                .query(String.class).single();
    }

    private String seatStatus(UUID seatId) {
        return jdbc.sql("SELECT status FROM seat WHERE id = ?").param(seatId.toString()).query(String.class).single();
    }

    @Test
    void a_wallet_debit_for_a_live_hold_confirms_it_books_the_seat_and_publishes_ReservationConfirmed() {
        Held held = holdASeat();
        UUID paymentId = UUID.randomUUID();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            publish(Topics.WALLET, new WalletDebited(paymentId, held.reservationId(), held.userId(), held.price(), 0));

            assertThat(events.await(ReservationConfirmed.class, e -> e.reservationId().equals(held.reservationId()),
                    1, WITHIN)).singleElement().satisfies(e -> {
                        assertThat(e.paymentId()).isEqualTo(paymentId);
                        assertThat(e.seatId()).isEqualTo(held.seatId());
                        assertThat(e.scheduleId()).isEqualTo(held.scheduleId());
                        assertThat(e.userId()).isEqualTo(held.userId());
                        assertThat(e.amount()).isEqualTo(held.price());
                    });
        }
        assertThat(statusOf(held.reservationId())).isEqualTo("CONFIRMED");
        assertThat(seatStatus(held.seatId())).isEqualTo("BOOKED");
        assertThat(get("/api/v1/reservations/" + held.reservationId(), held.userId()).body().path("status").asString())
                .isEqualTo("CONFIRMED");
        // a booked seat never changes hands
        Response taken = hold(UUID.randomUUID(), held.scheduleId(), held.seatId());
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("SEAT_NOT_AVAILABLE");
    }

    @Test
    void a_duplicate_debit_event_is_applied_once_and_a_second_payment_is_refused_as_ALREADY_CONFIRMED() {
        Held held = holdASeat();
        UUID firstPayment = UUID.randomUUID();
        UUID secondPayment = UUID.randomUUID();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            EventEnvelope debit = codec.wrap(new WalletDebited(firstPayment, held.reservationId(), held.userId(),
                    held.price(), 0));
            String json = codec.toJson(debit);
            kafka.send(Topics.WALLET, held.reservationId().toString(), json).join();
            kafka.send(Topics.WALLET, held.reservationId().toString(), json).join();
            publish(Topics.WALLET, new WalletDebited(secondPayment, held.reservationId(), held.userId(), held.price(),
                    0));

            assertThat(events.await(ReservationConfirmationFailed.class,
                    e -> e.reservationId().equals(held.reservationId()), 1, WITHIN))
                    .singleElement().satisfies(e -> {
                        assertThat(e.paymentId()).isEqualTo(secondPayment);
                        assertThat(e.reason()).isEqualTo(ConfirmationFailure.ALREADY_CONFIRMED);
                        assertThat(e.amount()).isEqualTo(held.price());
                    });
            assertThat(events.settle(ReservationConfirmed.class, e -> e.reservationId().equals(held.reservationId()),
                    Duration.ofSeconds(1))).singleElement()
                    .satisfies(e -> assertThat(e.paymentId()).isEqualTo(firstPayment));
        }
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = 'ReservationConfirmed'",
                held.reservationId().toString())).isOne();
        assertThat(jdbc.sql("SELECT payment_id FROM reservation WHERE id = ?").param(held.reservationId().toString())
                .query(String.class).single()).isEqualTo(firstPayment.toString());
    }

    @Test
    void a_debit_for_an_unknown_reservation_is_refused_so_the_wallet_refunds_it() {
        UUID reservationId = UUID.randomUUID();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            publish(Topics.WALLET, new WalletDebited(UUID.randomUUID(), reservationId, UUID.randomUUID(), 5_000, 0));

            assertThat(events.await(ReservationConfirmationFailed.class, e -> e.reservationId().equals(reservationId),
                    1, WITHIN)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(ConfirmationFailure.RESERVATION_NOT_FOUND));
        }
    }

    @Test
    void a_debit_by_someone_else_than_the_holder_does_not_confirm_the_hold() {
        Held held = holdASeat();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            publish(Topics.WALLET, new WalletDebited(UUID.randomUUID(), held.reservationId(), UUID.randomUUID(),
                    held.price(), 0));

            assertThat(events.await(ReservationConfirmationFailed.class,
                    e -> e.reservationId().equals(held.reservationId()), 1, WITHIN)).singleElement()
                    .satisfies(e -> assertThat(e.reason()).isEqualTo(ConfirmationFailure.NOT_RESERVATION_OWNER));
        }
        assertThat(statusOf(held.reservationId())).isEqualTo("HELD");
        assertThat(seatStatus(held.seatId())).isEqualTo("HELD");
    }

    @Test
    void every_hold_is_kept_the_payment_grace_past_its_deadline_without_waiting_for_any_payment_event() {
        Held held = holdASeat();

        var deadlines = jdbc.sql("SELECT expires_at, payment_pending_until FROM reservation WHERE id = ?")
                .param(held.reservationId().toString())
                .query((rs, n) -> new Instant[] {rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()})
                .single();
        assertThat(Duration.between(deadlines[0], deadlines[1])).isEqualTo(Duration.ofSeconds(60));
    }

    private Response confirmLate(Held held, UUID paymentId) {
        return post(port, "/internal/reservations/" + held.reservationId() + "/confirmation", null,
                "{\"paymentId\":\"" + paymentId + "\",\"userId\":\"" + held.userId() + "\",\"amount\":"
                        + held.price() + "}");
    }

    @Test
    void reconciliation_confirms_a_live_hold_for_a_debit_never_heard_and_a_second_call_announces_nothing_more() {
        Held held = holdASeat();
        UUID paymentId = UUID.randomUUID();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            Response first = confirmLate(held, paymentId);
            Response again = confirmLate(held, paymentId);

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.body().path("outcome").asString()).isEqualTo("CONFIRMED");
            assertThat(again.body().path("outcome").asString()).isEqualTo("CONFIRMED");
            assertThat(events.await(ReservationConfirmed.class, e -> e.reservationId().equals(held.reservationId()),
                    1, WITHIN)).singleElement().satisfies(e -> assertThat(e.paymentId()).isEqualTo(paymentId));
        }
        assertThat(statusOf(held.reservationId())).isEqualTo("CONFIRMED");
        assertThat(seatStatus(held.seatId())).isEqualTo("BOOKED");
        // the late WalletDebited, if it ever comes, changes nothing either
        publish(Topics.WALLET, new WalletDebited(paymentId, held.reservationId(), held.userId(), held.price(), 0));
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = 'ReservationConfirmed'",
                held.reservationId().toString())).isOne();
    }

    @Test
    void reconciliation_of_a_debit_for_a_hold_that_ended_refuses_it_so_the_wallet_refunds() {
        Held held = holdASeat();
        UUID paymentId = UUID.randomUUID();
        Response other = confirmLate(held, UUID.randomUUID());
        assertThat(other.body().path("outcome").asString()).isEqualTo("CONFIRMED");

        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            Response refused = confirmLate(held, paymentId);

            assertThat(refused.status()).isEqualTo(200);
            assertThat(refused.body().path("outcome").asString()).isEqualTo("REFUSED");
            assertThat(refused.body().path("reason").asString()).isEqualTo("ALREADY_CONFIRMED");
            assertThat(events.await(ReservationConfirmationFailed.class,
                    e -> e.paymentId().equals(paymentId), 1, WITHIN)).hasSize(1);
        }
    }

    @Test
    void reconciliation_input_that_names_no_payment_is_refused_and_changes_nothing() {
        Held held = holdASeat();
        Response bad = post(port, "/internal/reservations/" + held.reservationId() + "/confirmation", null,
                "{\"userId\":\"" + held.userId() + "\",\"amount\":-5}");

        assertThat(bad.status()).isEqualTo(400);
        assertThat(statusOf(held.reservationId())).isEqualTo("HELD");
    }
}
