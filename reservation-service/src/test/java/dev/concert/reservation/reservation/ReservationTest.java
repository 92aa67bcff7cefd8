package dev.concert.reservation.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.events.BookingCancelled;
import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;

import org.junit.jupiter.api.Test;

/** The reservation aggregate: given a state and a command, the new state and the event out (or a refusal). */
class ReservationTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant SHOW = NOW.plus(Duration.ofDays(7));
    private static final HoldsLeft LEFT = new HoldsLeft(0, 1);
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(60));
    private final UUID user = UUID.randomUUID();
    private final SeatForSale seat = new SeatForSale(UUID.randomUUID(), UUID.randomUUID(), 3, 150_000, true,
            SeatStatus.AVAILABLE);

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
    void a_hold_stays_confirmable_for_the_grace_past_its_deadline_and_is_expired_from_then() {
        Reservation r = held();
        Instant graceEnd = r.expiresAt().plusSeconds(60);

        assertThat(r.paymentPendingUntil()).isEqualTo(graceEnd);
        assertThat(r.isLiveHold(r.expiresAt())).isTrue();
        assertThat(r.isLiveHold(graceEnd.minusNanos(1000))).isTrue();
        assertThat(r.isExpiredHold(graceEnd.minusNanos(1000))).isFalse();
        assertThat(r.isLiveHold(graceEnd)).isFalse();
        assertThat(r.isExpiredHold(graceEnd)).isTrue();
    }

    @Test
    void a_debit_of_the_owner_confirms_a_live_hold_and_announces_ReservationConfirmed() {
        Reservation r = held();
        UUID payment = UUID.randomUUID();

        ReservationConfirmed confirmed = r.confirm(user, payment, 150_000, NOW.plusSeconds(10), new HoldsLeft(2, 5));

        assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(r.paymentId()).isEqualTo(payment);
        assertThat(r.isConfirmedBy(payment)).isTrue();
        assertThat(confirmed).isEqualTo(new ReservationConfirmed(r.id(), payment, seat.scheduleId(), seat.seatId(),
                user, 150_000, 2, 5));
    }

    @Test
    void a_debit_heard_after_the_grace_is_refused_as_HOLD_EXPIRED() {
        Reservation r = held();

        assertThat(r.whyNotConfirmable(user, r.paymentPendingUntil())).contains(ConfirmationFailure.HOLD_EXPIRED);
        assertThatThrownBy(() -> r.confirm(user, UUID.randomUUID(), 150_000, r.paymentPendingUntil(), LEFT))
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
        r.confirm(user, UUID.randomUUID(), 150_000, NOW, LEFT);

        assertThat(r.whyNotConfirmable(user, NOW)).contains(ConfirmationFailure.ALREADY_CONFIRMED);
        assertThat(r.isConfirmedBy(UUID.randomUUID())).isFalse();
    }

    @Test
    void an_unpaid_hold_past_every_deadline_expires_and_announces_SeatReleased() {
        Reservation r = held();

        SeatReleased released = r.expire(r.paymentPendingUntil(), new HoldsLeft(0, 3));

        assertThat(r.status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(r.releasedAt()).isEqualTo(r.paymentPendingUntil());
        assertThat(released).isEqualTo(new SeatReleased(r.id(), seat.scheduleId(), seat.seatId(), user,
                ReleaseReason.HOLD_EXPIRED, 0, 3));
    }

    @Test
    void a_live_hold_a_confirmed_booking_and_an_expired_hold_cannot_be_expired() {
        Reservation live = held();
        assertThatThrownBy(() -> live.expire(NOW.plusSeconds(10), LEFT)).isInstanceOf(IllegalStateException.class);

        Reservation booked = held();
        booked.confirm(user, UUID.randomUUID(), 150_000, NOW, LEFT);
        assertThatThrownBy(() -> booked.expire(NOW.plusSeconds(3600), LEFT)).isInstanceOf(IllegalStateException.class);
        assertThat(booked.isExpiredHold(NOW.plusSeconds(3600))).isFalse();

        Reservation expired = held();
        expired.expire(expired.paymentPendingUntil(), LEFT);
        assertThatThrownBy(() -> expired.expire(expired.paymentPendingUntil(), LEFT)).isInstanceOf(IllegalStateException.class);
        assertThat(expired.whyNotConfirmable(user, NOW)).contains(ConfirmationFailure.HOLD_EXPIRED);
    }

    @Test
    void its_owner_gives_up_a_hold_at_once_and_announces_SeatReleased_CANCELLED_with_the_holds_left() {
        Reservation r = held();

        List<DomainEvent> events = r.cancel(NOW.plusSeconds(30), SHOW, new HoldsLeft(1, 4));

        assertThat(r.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(r.releasedAt()).isEqualTo(NOW.plusSeconds(30));
        assertThat(events).containsExactly(new SeatReleased(r.id(), seat.scheduleId(), seat.seatId(), user,
                ReleaseReason.CANCELLED, 1, 4));
    }

    @Test
    void a_hold_past_its_deadline_not_yet_released_can_still_be_given_up() {
        Reservation r = held();

        assertThat(r.whyNotCancellable(r.expiresAt().plusSeconds(3), SHOW)).isEmpty();
        assertThat(r.cancel(r.expiresAt().plusSeconds(3), SHOW, LEFT)).hasSize(1);
    }

    @Test
    void a_booking_cancelled_before_the_show_announces_BookingCancelled_for_the_refund_then_SeatReleased() {
        Reservation r = held();
        UUID payment = UUID.randomUUID();
        r.confirm(user, payment, 150_000, NOW, LEFT);

        List<DomainEvent> events = r.cancel(SHOW.minusSeconds(1), SHOW, new HoldsLeft(0, 9));

        assertThat(r.status()).isEqualTo(ReservationStatus.CANCELLED);
        assertThat(r.paymentId()).isEqualTo(payment);
        assertThat(events).containsExactly(
                new BookingCancelled(r.id(), payment, seat.scheduleId(), seat.seatId(), user, 150_000),
                new SeatReleased(r.id(), seat.scheduleId(), seat.seatId(), user, ReleaseReason.CANCELLED, 0, 9));
    }

    @Test
    void a_cancelled_date_ends_a_hold_and_cancels_a_booking_for_its_refund_with_reason_SCHEDULE_CANCELLED() {
        Reservation hold = held();
        Reservation booking = held();
        UUID payment = UUID.randomUUID();
        booking.confirm(user, payment, 150_000, NOW.plusSeconds(10), LEFT);

        assertThat(hold.cancelWithSchedule(NOW.plusSeconds(20), new HoldsLeft(1, 5))).containsExactly(
                new SeatReleased(hold.id(), seat.scheduleId(), seat.seatId(), user, ReleaseReason.SCHEDULE_CANCELLED,
                        1, 5));
        assertThat(booking.cancelWithSchedule(NOW.plusSeconds(20), new HoldsLeft(1, 6))).containsExactly(
                new BookingCancelled(booking.id(), payment, seat.scheduleId(), seat.seatId(), user, 150_000,
                        ReleaseReason.SCHEDULE_CANCELLED),
                new SeatReleased(booking.id(), seat.scheduleId(), seat.seatId(), user,
                        ReleaseReason.SCHEDULE_CANCELLED, 1, 6));
        assertThat(List.of(hold.status(), booking.status())).containsOnly(ReservationStatus.CANCELLED);
        assertThat(hold.releasedAt()).isEqualTo(NOW.plusSeconds(20));
    }

    @Test
    void a_cancelled_date_cannot_end_a_reservation_that_has_ended_already() {
        Reservation cancelled = held();
        cancelled.cancel(NOW, SHOW, LEFT);
        Reservation expired = held();
        expired.expire(expired.paymentPendingUntil(), LEFT);

        assertThat(cancelled.isLiveOrBooked()).isFalse();
        assertThatThrownBy(() -> cancelled.cancelWithSchedule(NOW.plusSeconds(1), LEFT))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> expired.cancelWithSchedule(NOW.plusSeconds(1), LEFT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(expired.status()).isEqualTo(ReservationStatus.EXPIRED);
    }

    @Test
    void a_booking_cannot_be_cancelled_from_the_moment_its_show_starts() {
        Reservation r = held();
        r.confirm(user, UUID.randomUUID(), 150_000, NOW, LEFT);

        assertThat(r.whyNotCancellable(SHOW, SHOW)).contains(CancelRefused.Reason.CONCERT_STARTED);
        assertThatThrownBy(() -> r.cancel(SHOW, SHOW, LEFT)).isInstanceOf(IllegalStateException.class);
        assertThat(r.status()).isEqualTo(ReservationStatus.CONFIRMED);
    }

    @Test
    void an_expired_hold_cannot_be_cancelled_and_a_cancelled_reservation_cannot_be_cancelled_again() {
        Reservation expired = held();
        expired.expire(NOW.plus(Duration.ofHours(1)), LEFT); // past its deadline and any payment grace
        assertThat(expired.whyNotCancellable(NOW, SHOW)).contains(CancelRefused.Reason.RESERVATION_EXPIRED);
        assertThatThrownBy(() -> expired.cancel(NOW, SHOW, LEFT)).isInstanceOf(IllegalStateException.class);
        assertThat(expired.status()).isEqualTo(ReservationStatus.EXPIRED);

        Reservation cancelled = held();
        cancelled.cancel(NOW, SHOW, LEFT);
        assertThatThrownBy(() -> cancelled.cancel(NOW.plusSeconds(1), SHOW, LEFT))
                .isInstanceOf(IllegalStateException.class);
        assertThat(cancelled.releasedAt()).isEqualTo(NOW);
    }

    @Test
    void a_debit_for_a_hold_its_owner_cancelled_is_refused_as_RESERVATION_CANCELLED() {
        Reservation r = held();
        r.cancel(NOW, SHOW, LEFT);

        assertThat(r.whyNotConfirmable(user, NOW.plusSeconds(1))).contains(ConfirmationFailure.RESERVATION_CANCELLED);
        assertThatThrownBy(() -> r.expire(r.paymentPendingUntil(), LEFT)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_cancelled_reservation_moves_only_a_seat_it_holds_or_booked() {
        Reservation r = held();
        r.confirm(user, UUID.randomUUID(), 150_000, NOW, LEFT);
        r.cancel(NOW, SHOW, LEFT);
        Seat notItsOwn = new Seat(UUID.randomUUID(), seat.scheduleId(), 4, "VIP", 150_000);

        assertThatThrownBy(() -> notItsOwn.follow(r)).isInstanceOf(IllegalStateException.class);
        assertThat(notItsOwn.status()).isEqualTo(SeatStatus.AVAILABLE);
    }

    @Test
    void a_seat_is_booked_or_released_only_by_the_reservation_that_holds_it() {
        Reservation reservation = held();
        Seat s = new Seat(UUID.randomUUID(), UUID.randomUUID(), 1, "VIP", 150_000);
        assertThatThrownBy(() -> s.follow(reservation)).isInstanceOf(IllegalStateException.class);
        assertThat(s.status()).isEqualTo(SeatStatus.AVAILABLE);
    }
}
