package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;

import org.junit.jupiter.api.Test;

/** The reservation aggregate: given a state and a command, the new state and the event out (or a refusal). */
class ReservationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(60));
    private final UUID user = UUID.randomUUID();
    private final SeatForSale seat = new SeatForSale(UUID.randomUUID(), UUID.randomUUID(), 3, 150_000, true);

    private Reservation held() {
        return Reservation.hold(user, seat, NOW, policy);
    }

    @Test
    void a_new_hold_lasts_the_hold_time_and_announces_SeatHeld() {
        Reservation r = held();

        assertThat(r.status()).isEqualTo(ReservationStatus.HELD);
        assertThat(r.expiresAt()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
        assertThat(r.held()).isEqualTo(new SeatHeld(r.id(), seat.scheduleId(), seat.seatId(), 3, user, 150_000,
                r.expiresAt()));
    }

    @Test
    void a_hold_is_live_until_its_deadline_and_expired_from_it() {
        Reservation r = held();
        Instant deadline = r.expiresAt();

        assertThat(r.isLiveHold(deadline.minusNanos(1000))).isTrue();
        assertThat(r.isLiveHold(deadline)).isFalse();
        assertThat(r.isExpiredHold(deadline)).isTrue();
    }

    @Test
    void a_payment_keeps_the_hold_live_past_its_deadline_for_the_grace_and_never_shortens_it() {
        Reservation r = held();
        Instant until = r.expiresAt().plusSeconds(50);

        assertThat(r.keepForPayment(user, until)).isTrue();
        assertThat(r.isLiveHold(r.expiresAt().plusSeconds(49))).isTrue();
        assertThat(r.isExpiredHold(until)).isTrue();
        assertThat(r.keepForPayment(user, until.minusSeconds(30))).as("shorter grace").isFalse();
        assertThat(r.paymentPendingUntil()).isEqualTo(until);
    }

    @Test
    void only_the_owner_s_payment_protects_a_hold() {
        Reservation r = held();

        assertThat(r.keepForPayment(UUID.randomUUID(), NOW.plusSeconds(600))).isFalse();
        assertThat(r.paymentPendingUntil()).isNull();
    }

    @Test
    void an_early_payment_does_not_shorten_the_hold() {
        Reservation r = held();
        r.keepForPayment(user, NOW.plusSeconds(60));

        assertThat(r.isLiveHold(NOW.plusSeconds(120))).isTrue();
    }

    @Test
    void a_debit_of_the_owner_confirms_a_live_hold_and_announces_ReservationConfirmed() {
        Reservation r = held();
        UUID payment = UUID.randomUUID();

        ReservationConfirmed confirmed = r.confirm(user, payment, 150_000, NOW.plusSeconds(10));

        assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(r.paymentId()).isEqualTo(payment);
        assertThat(r.isConfirmedBy(payment)).isTrue();
        assertThat(confirmed).isEqualTo(new ReservationConfirmed(r.id(), payment, seat.scheduleId(), seat.seatId(),
                user, 150_000));
    }

    @Test
    void a_debit_for_an_expired_hold_is_refused_as_HOLD_EXPIRED() {
        Reservation r = held();

        assertThat(r.whyNotConfirmable(user, r.expiresAt())).contains(ConfirmationFailure.HOLD_EXPIRED);
        assertThatThrownBy(() -> r.confirm(user, UUID.randomUUID(), 150_000, r.expiresAt()))
                .isInstanceOf(IllegalStateException.class);
        assertThat(r.status()).isEqualTo(ReservationStatus.HELD);
    }

    @Test
    void a_debit_by_another_user_is_refused_as_NOT_RESERVATION_OWNER() {
        assertThat(held().whyNotConfirmable(UUID.randomUUID(), NOW)).contains(ConfirmationFailure.NOT_RESERVATION_OWNER);
    }

    @Test
    void a_second_payment_of_a_confirmed_reservation_is_refused_as_ALREADY_CONFIRMED() {
        Reservation r = held();
        r.confirm(user, UUID.randomUUID(), 150_000, NOW);

        assertThat(r.whyNotConfirmable(user, NOW)).contains(ConfirmationFailure.ALREADY_CONFIRMED);
        assertThat(r.isConfirmedBy(UUID.randomUUID())).isFalse();
    }

    @Test
    void an_unpaid_hold_past_every_deadline_expires_and_announces_SeatReleased() {
        Reservation r = held();

        SeatReleased released = r.expire(r.expiresAt());

        assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(r.releasedAt()).isEqualTo(r.expiresAt());
        assertThat(released).isEqualTo(new SeatReleased(r.id(), seat.scheduleId(), seat.seatId(), user,
                ReleaseReason.HOLD_EXPIRED));
    }

    @Test
    void a_live_hold_a_confirmed_booking_and_an_expired_hold_cannot_be_expired() {
        Reservation live = held();
        assertThatThrownBy(() -> live.expire(NOW.plusSeconds(10))).isInstanceOf(IllegalStateException.class);

        Reservation booked = held();
        booked.confirm(user, UUID.randomUUID(), 150_000, NOW);
        assertThatThrownBy(() -> booked.expire(NOW.plusSeconds(3600))).isInstanceOf(IllegalStateException.class);
        assertThat(booked.isExpiredHold(NOW.plusSeconds(3600))).isFalse();

        Reservation expired = held();
        expired.expire(expired.expiresAt());
        assertThatThrownBy(() -> expired.expire(expired.expiresAt())).isInstanceOf(IllegalStateException.class);
        assertThat(expired.whyNotConfirmable(user, NOW)).contains(ConfirmationFailure.HOLD_EXPIRED);
    }

    @Test
    void a_seat_is_booked_or_released_only_by_the_reservation_that_holds_it() {
        Reservation reservation = held();
        Seat s = new Seat(UUID.randomUUID(), UUID.randomUUID(), 1, "VIP", 150_000);
        assertThatThrownBy(() -> s.follow(reservation)).isInstanceOf(IllegalStateException.class);
        assertThat(s.status()).isEqualTo(SeatStatus.AVAILABLE);
    }
}
