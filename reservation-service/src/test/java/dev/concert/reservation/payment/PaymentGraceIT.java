package dev.concert.reservation.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.events.EventCodec;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.reservation.ReservationIntegrationTest;
import dev.concert.testing.KafkaProbe;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.test.context.TestPropertySource;

/**
 * The grace starts at the hold's deadline, not when this service hears of the payment: a payment accepted two seconds
 * before the deadline keeps the seat even though this service's consumer is stuck for twenty seconds.
 */
@TestPropertySource(properties = {"reservation.hold.duration=5s", "reservation.hold.payment-grace=30s"})
class PaymentGraceIT extends ReservationIntegrationTest {

    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;
    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void a_payment_accepted_just_before_the_deadline_books_the_seat_even_when_its_debit_is_heard_20_s_late()
            throws Exception {
        ScheduleOpened schedule = openSchedule(20);
        UUID user = UUID.randomUUID();
        ScheduleOpened.CatalogSeat seat = schedule.seats().get(4);
        Response held = hold(user, schedule.scheduleId(), seat.seatId());
        assertThat(held.status()).isEqualTo(201);
        UUID reservationId = UUID.fromString(held.body().path("reservationId").asString());
        Instant expiresAt = Instant.parse(held.body().path("expiresAt").asString());

        MessageListenerContainer consumer = listeners.getListenerContainer(PaymentEvents.LISTENER_ID);
        consumer.pause();
        try (KafkaProbe events = new KafkaProbe(Topics.RESERVATION)) {
            // the payment is accepted 2 s before the deadline and the wallet debits it at once
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), expiresAt.minusSeconds(2)).toMillis()));
            WalletDebited debit = new WalletDebited(UUID.randomUUID(), reservationId, user, seat.price(), 0);
            kafka.send(Topics.WALLET, debit.key(), codec.toJson(codec.wrap(debit))).join();

            // the consumer is stuck for 20 s, long past the deadline; the expiry job runs every 500 ms meanwhile
            Thread.sleep(20_000);
            assertThat(statusOf(reservationId)).isEqualTo("HELD");
            consumer.resume();

            assertThat(events.await(ReservationConfirmed.class, e -> e.reservationId().equals(reservationId), 1,
                    Duration.ofSeconds(30))).hasSize(1);
        } finally {
            consumer.resume();
        }
        assertThat(statusOf(reservationId)).isEqualTo("CONFIRMED");
        assertThat(jdbc.sql("SELECT status FROM seat WHERE id = ?").param(seat.seatId().toString())
                .query(String.class).single()).isEqualTo("BOOKED");
    }

    private String statusOf(UUID reservationId) {
        return jdbc.sql("SELECT status FROM reservation WHERE id = ?").param(reservationId.toString())
                .query(String.class).single();
    }
}
