package dev.concert.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    static Stream<DomainEvent> everyEvent() {
        UUID r = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        UUID u = UUID.randomUUID();
        UUID s = UUID.randomUUID();
        UUID seat = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return Stream.of(
                new ScheduleOpened(s, UUID.randomUUID(), "Opening night", t, t.minusSeconds(60), t.plusSeconds(60),
                        List.of(new ScheduleOpened.CatalogSeat(seat, 1, "VIP", 150_000))),
                new SeatHeld(r, s, seat, 1, u, 150_000, t),
                new SeatReleased(r, s, seat, u, ReleaseReason.HOLD_EXPIRED, 2, 7),
                new SeatReleased(r, s, seat, u, ReleaseReason.CANCELLED, 0, 8),
                new PaymentRequested(p, r, u, 150_000),
                new WalletDebited(p, r, u, 150_000, 50_000),
                new WalletDebitFailed(p, r, u, 150_000, DebitFailure.INSUFFICIENT_BALANCE),
                new ReservationConfirmed(r, p, s, seat, u, 150_000, 1, 9),
                new BookingCancelled(r, p, s, seat, u, 150_000),
                new ReservationConfirmationFailed(r, p, u, 150_000, ConfirmationFailure.HOLD_EXPIRED),
                new WalletRefunded(p, r, u, 150_000, 200_000),
                new BookingCancelled(r, p, s, seat, u, 150_000, ReleaseReason.SCHEDULE_CANCELLED),
                new SeatReleased(r, s, seat, u, ReleaseReason.SCHEDULE_CANCELLED, 0, 9),
                new ConcertChanged(UUID.randomUUID(), "Closing night", "Olympic Hall"),
                new ScheduleChanged(s, UUID.randomUUID(), t, t.minusSeconds(60), t.minusSeconds(10)),
                new ScheduleSaleClosed(s, UUID.randomUUID()),
                new ScheduleSaleReopened(s, UUID.randomUUID()),
                new ScheduleCancelled(s, UUID.randomUUID()));
    }

    @ParameterizedTest
    @MethodSource("everyEvent")
    void every_event_survives_a_round_trip_through_json(DomainEvent event) {
        EventEnvelope sent = codec.wrap(event);
        EventEnvelope received = codec.fromJson(codec.toJson(sent));

        assertThat(received.eventId()).isEqualTo(sent.eventId());
        assertThat(received.type()).isEqualTo(EventType.of(event).wireName());
        assertThat(received.version()).isEqualTo(1);
        assertThat(received.key()).isEqualTo(event.key());
        assertThat(codec.payloadOf(received)).contains(event);
    }

    @Test
    void saga_events_are_keyed_by_reservation_so_they_stay_ordered() {
        UUID r = UUID.randomUUID();
        assertThat(new PaymentRequested(UUID.randomUUID(), r, UUID.randomUUID(), 1).key()).isEqualTo(r.toString());
        assertThat(new WalletDebited(UUID.randomUUID(), r, UUID.randomUUID(), 1, 0).key()).isEqualTo(r.toString());
    }

    @Test
    void an_old_consumer_reads_a_newer_event_with_added_fields() {
        UUID p = UUID.randomUUID();
        UUID r = UUID.randomUUID();
        UUID u = UUID.randomUUID();
        String newer = """
                {"eventId":"%s","type":"PaymentRequested","version":1,"occurredAt":"2026-11-26T08:00:00Z",
                 "key":"%s","traceparent":"00-abc","payload":{"paymentId":"%s","reservationId":"%s","userId":"%s",
                 "amount":5000,"currency":"KRW","channel":"app"}}
                """.formatted(UUID.randomUUID(), r, p, r, u);

        assertThat(codec.payloadOf(codec.fromJson(newer))).contains(new PaymentRequested(p, r, u, 5000));
    }

    @Test
    void a_confirmation_or_release_from_before_open_holds_reads_as_no_hold_left_at_version_0() {
        UUID r = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        UUID s = UUID.randomUUID();
        UUID seat = UUID.randomUUID();
        UUID u = UUID.randomUUID();
        String confirmed = """
                {"eventId":"%s","type":"ReservationConfirmed","version":1,"occurredAt":"2026-11-26T08:00:00Z",
                 "key":"%s","payload":{"reservationId":"%s","paymentId":"%s","scheduleId":"%s","seatId":"%s",
                 "userId":"%s","amount":150000}}
                """.formatted(UUID.randomUUID(), r, r, p, s, seat, u);
        String released = """
                {"eventId":"%s","type":"SeatReleased","version":1,"occurredAt":"2026-11-26T08:00:00Z",
                 "key":"%s","payload":{"reservationId":"%s","scheduleId":"%s","seatId":"%s","userId":"%s",
                 "reason":"HOLD_EXPIRED"}}
                """.formatted(UUID.randomUUID(), r, r, s, seat, u);

        assertThat(codec.payloadOf(codec.fromJson(confirmed)))
                .contains(new ReservationConfirmed(r, p, s, seat, u, 150_000, 0, 0));
        assertThat(codec.payloadOf(codec.fromJson(released)))
                .contains(new SeatReleased(r, s, seat, u, ReleaseReason.HOLD_EXPIRED, 0, 0));
    }

    @Test
    void a_booking_cancellation_from_before_its_reason_reads_as_its_owners() {
        UUID r = UUID.randomUUID();
        UUID p = UUID.randomUUID();
        UUID s = UUID.randomUUID();
        UUID seat = UUID.randomUUID();
        UUID u = UUID.randomUUID();
        String older = """
                {"eventId":"%s","type":"BookingCancelled","version":1,"occurredAt":"2026-11-26T08:00:00Z",
                 "key":"%s","payload":{"reservationId":"%s","paymentId":"%s","scheduleId":"%s","seatId":"%s",
                 "userId":"%s","amount":150000}}
                """.formatted(UUID.randomUUID(), r, r, p, s, seat, u);

        assertThat(codec.payloadOf(codec.fromJson(older)))
                .contains(new BookingCancelled(r, p, s, seat, u, 150_000, ReleaseReason.CANCELLED));
    }

    @Test
    void an_unknown_type_or_a_newer_version_is_skipped_not_failed() {
        String unknown = """
                {"eventId":"%s","type":"SeatUpgraded","version":1,"occurredAt":"2026-11-26T08:00:00Z","key":"k","payload":{}}
                """.formatted(UUID.randomUUID());
        String newerVersion = """
                {"eventId":"%s","type":"SeatHeld","version":2,"occurredAt":"2026-11-26T08:00:00Z","key":"k","payload":{"x":1}}
                """.formatted(UUID.randomUUID());

        assertThat(codec.payloadOf(codec.fromJson(unknown))).isEmpty();
        assertThat(codec.payloadOf(codec.fromJson(newerVersion))).isEmpty();
    }

    @Test
    void garbage_is_reported_as_a_malformed_event() {
        assertThatThrownBy(() -> codec.fromJson("not json")).isInstanceOf(EventCodec.MalformedEventException.class);
        assertThatThrownBy(() -> codec.fromJson("{\"type\":\"SeatHeld\"}"))
                .isInstanceOf(EventCodec.MalformedEventException.class);
    }

    @Test
    void every_event_type_is_registered_with_a_topic() {
        for (EventType type : EventType.values()) {
            assertThat(type.topic()).endsWith(".events");
            assertThat(EventType.byWireName(type.wireName())).contains(type);
        }
    }

    @Test
    void a_reason_added_by_a_newer_producer_is_read_as_unknown_not_failed() {
        UUID p = UUID.randomUUID();
        UUID r = UUID.randomUUID();
        String newer = """
                {"eventId":"%s","type":"WalletDebitFailed","version":1,"occurredAt":"2026-11-26T08:00:00Z",
                 "key":"%s","payload":{"paymentId":"%s","reservationId":"%s","userId":"%s","amount":5000,
                 "reason":"CARD_FROZEN"}}
                """.formatted(UUID.randomUUID(), r, p, r, UUID.randomUUID());

        assertThat(codec.payloadOf(codec.fromJson(newer))).get()
                .extracting(e -> ((WalletDebitFailed) e).reason()).isNull();
    }
}
