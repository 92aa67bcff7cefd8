package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.events.PaymentRequested;
import dev.concert.events.SeatHeld;
import dev.concert.events.Topics;
import dev.concert.payment.PaymentApi;
import dev.concert.payment.PaymentServiceTest;
import dev.concert.payment.ReservationServiceStub;
import dev.concert.testing.KafkaProbe;
import dev.concert.testing.ServiceHttp.Reply;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A queue token is for the waiting room of one sale, relayed by the gateway as {@code X-Queue-Room}. The gateway
 * cannot tell which schedule a reservation id is of, so payment-service refuses to pay for a hold of another sale
 * (403 WRONG_ROOM) where it looks the reservation up, before any payment is written or announced; and a payment
 * without a room at all the same way.
 */
@PaymentServiceTest
class WaitingRoomIT {

    static final Duration WITHIN = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    EventCodec codec;

    PaymentApi api;
    UUID user;

    @BeforeEach
    void setUp() {
        api = new PaymentApi(port);
        user = UUID.randomUUID();
    }

    record Hold(UUID reservationId, UUID scheduleId) {
    }

    /** reservation-service announced the hold (SeatHeld) and payment-service has recorded it. */
    Hold seenHold() {
        Hold hold = new Hold(UUID.randomUUID(), UUID.randomUUID());
        SeatHeld held = new SeatHeld(hold.reservationId(), hold.scheduleId(), UUID.randomUUID(), 7, user, 20_000,
                Instant.now().plusSeconds(300));
        EventEnvelope envelope = codec.wrap(held);
        kafka.send(EventType.of(held).topic(), held.key(), codec.toJson(envelope)).join();
        await().atMost(WITHIN).until(() -> jdbc.sql(
                        "SELECT COUNT(*) FROM processed_event WHERE consumer = 'payment-service' AND event_id = :id")
                .param("id", envelope.eventId().toString()).query(Long.class).single() == 1);
        return hold;
    }

    @Test
    void paying_for_a_hold_of_another_room_is_403_wrong_room_and_no_payment_exists() {
        Hold hold = seenHold();
        UUID anotherSale = UUID.randomUUID();

        try (KafkaProbe requests = new KafkaProbe(Topics.PAYMENT)) {
            Reply refused = api.pay(user, anotherSale, hold.reservationId()).assertProblem(403, "WRONG_ROOM");

            assertThat(refused.text("detail")).contains(anotherSale.toString());
            assertNoPaymentFor(hold.reservationId());
            assertThat(requests.settle(PaymentRequested.class, e -> e.reservationId().equals(hold.reservationId()),
                    Duration.ofSeconds(1))).as("no PaymentRequested").isEmpty();
        }
        Reply paid = api.pay(user, hold.scheduleId(), hold.reservationId());
        assertThat(paid.status()).as("from inside the hold's own sale's room: " + paid.raw()).isIn(200, 202);
    }

    @Test
    void a_hold_only_reservation_service_knows_yet_is_checked_against_the_room_it_names() {
        // paid before SeatHeld arrived: the schedule comes from reservation-service's internal answer
        UUID reservationId = UUID.randomUUID();
        UUID sale = UUID.randomUUID();
        ReservationServiceStub.get().knows(reservationId, user, sale, 20_000, "HELD", Instant.now().plusSeconds(300));

        api.pay(user, UUID.randomUUID(), reservationId).assertProblem(403, "WRONG_ROOM");

        assertNoPaymentFor(reservationId);
        assertThat(api.pay(user, sale, reservationId).status()).isIn(200, 202);
    }

    @Test
    void a_request_without_a_room_is_refused() {
        Hold hold = seenHold();
        String body = "{\"reservationId\":\"" + hold.reservationId() + "\"}";
        Map<String, String> unreadableRoom = PaymentApi.inRoom(user, hold.scheduleId(), UUID.randomUUID().toString());
        unreadableRoom.put("X-Queue-Room", "every-room");

        List<Reply> refused = List.of(
                api.post("/api/v1/payments", PaymentApi.signedInWithKey(user, UUID.randomUUID().toString()), body),
                api.post("/api/v1/payments", unreadableRoom, body));

        assertThat(refused).allSatisfy(r -> {
            r.assertProblem(403, "WRONG_ROOM");
            assertThat(r.text("detail")).startsWith("no waiting room");
        });
        assertNoPaymentFor(hold.reservationId());
    }

    @Test
    void a_fan_reads_their_payments_without_a_room() {
        Hold hold = seenHold();
        UUID paymentId = api.pay(user, hold.scheduleId(), hold.reservationId()).uuid("paymentId");

        // what a fan paid stays visible after their queue token has ended
        assertThat(api.payment(user, paymentId).status()).isEqualTo(200);
        assertThat(api.payments(user, "").status()).isEqualTo(200);
    }

    private void assertNoPaymentFor(UUID reservationId) {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment WHERE reservation_id = :r")
                .param("r", reservationId.toString()).query(Long.class).single()).as("payments").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM outbox_event WHERE envelope_json LIKE :r")
                .param("r", "%" + reservationId + "%").query(Long.class).single()).as("events").isZero();
    }
}
