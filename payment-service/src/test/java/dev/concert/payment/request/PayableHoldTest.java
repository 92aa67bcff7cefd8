package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.concert.payment.request.PaymentRefused.Reason;
import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentFixtures;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.reservationview.HoldStatus;
import dev.concert.payment.reservationview.ReservationView;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class PayableHoldTest {

    final Instant now = Instant.parse("2026-11-26T10:00:00Z");
    final UUID owner = UUID.randomUUID();
    final UUID reservationId = UUID.randomUUID();
    final UUID schedule = UUID.randomUUID();
    /** the waiting room of the hold's own sale, which the owner was let through */
    final QueueRoom room = new QueueRoom(schedule);

    ReservationView hold(HoldStatus status, Long price, Instant expiresAt) {
        return hold(schedule, status, price, expiresAt);
    }

    ReservationView hold(UUID scheduleId, HoldStatus status, Long price, Instant expiresAt) {
        return new ReservationView(reservationId, owner, scheduleId, UUID.randomUUID(), 7, price, status, expiresAt);
    }

    ReservationView liveHold() {
        return hold(HoldStatus.HELD, 50_000L, now.plusSeconds(60));
    }

    Payment payment(PaymentStatus status) {
        return PaymentFixtures.in(status, reservationId, owner, 50_000);
    }

    void assertRefused(ReservationView view, UUID caller, Optional<Payment> live, Reason reason) {
        assertThatThrownBy(() -> PayableHold.check(view, caller, room, live, now))
                .isInstanceOfSatisfying(PaymentRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    @Test
    void the_owner_may_pay_a_live_priced_hold() {
        assertThatCode(() -> PayableHold.check(liveHold(), owner, room, Optional.empty(), now))
                .doesNotThrowAnyException();
    }

    @Test
    void the_owner_may_not_pay_a_hold_of_another_sale_than_the_one_they_queued_for() {
        ReservationView otherSale = hold(UUID.randomUUID(), HoldStatus.HELD, 50_000L, now.plusSeconds(60));

        assertThatThrownBy(() -> PayableHold.check(otherSale, owner, room, Optional.empty(), now))
                .isInstanceOfSatisfying(ApiProblem.class, e -> {
                    assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(e.code()).isEqualTo("WRONG_ROOM");
                });
    }

    @Test
    void a_hold_whose_schedule_is_unknown_is_admitted_in_no_room() {
        ReservationView unknownSale = hold(null, HoldStatus.HELD, 50_000L, now.plusSeconds(60));

        assertThatThrownBy(() -> PayableHold.check(unknownSale, owner, room, Optional.empty(), now))
                .isInstanceOfSatisfying(ApiProblem.class, e -> assertThat(e.code()).isEqualTo("WRONG_ROOM"));
    }

    @Test
    void someone_else_in_another_room_learns_only_that_it_is_not_theirs() {
        ReservationView otherSale = hold(UUID.randomUUID(), HoldStatus.HELD, 50_000L, now.plusSeconds(60));

        assertRefused(otherSale, UUID.randomUUID(), Optional.empty(), Reason.NOT_YOUR_RESERVATION);
    }

    @Test
    void a_reservation_that_is_over_is_answered_as_such_whichever_room_asks() {
        assertRefused(hold(null, HoldStatus.RELEASED, null, null), owner, Optional.empty(),
                Reason.RESERVATION_NOT_HELD);
        assertRefused(hold(UUID.randomUUID(), HoldStatus.CONFIRMED, 50_000L, now.plusSeconds(60)), owner,
                Optional.empty(), Reason.ALREADY_PAID);
    }

    @Test
    void someone_else_may_not_pay_it_and_learns_nothing_more() {
        assertRefused(liveHold(), UUID.randomUUID(), Optional.of(payment(PaymentStatus.PENDING)),
                Reason.NOT_YOUR_RESERVATION);
    }

    @Test
    void a_reservation_with_a_pending_payment_is_in_progress() {
        assertRefused(liveHold(), owner, Optional.of(payment(PaymentStatus.PENDING)), Reason.PAYMENT_IN_PROGRESS);
    }

    @Test
    void a_reservation_with_a_completed_payment_is_already_paid() {
        assertRefused(liveHold(), owner, Optional.of(payment(PaymentStatus.COMPLETED)), Reason.ALREADY_PAID);
    }

    @Test
    void a_confirmed_reservation_is_already_paid() {
        assertRefused(hold(HoldStatus.CONFIRMED, 50_000L, now.plusSeconds(60)), owner, Optional.empty(),
                Reason.ALREADY_PAID);
    }

    @Test
    void a_released_reservation_is_not_held() {
        assertRefused(hold(HoldStatus.RELEASED, null, null), owner, Optional.empty(), Reason.RESERVATION_NOT_HELD);
    }

    @Test
    void a_hold_past_its_expiry_is_expired_even_before_its_release_is_heard() {
        assertRefused(hold(HoldStatus.HELD, 50_000L, now.minusMillis(1)), owner, Optional.empty(),
                Reason.HOLD_EXPIRED);
    }

    @Test
    void a_hold_expires_at_its_expiry_instant() {
        assertRefused(hold(HoldStatus.HELD, 50_000L, now), owner, Optional.empty(), Reason.HOLD_EXPIRED);
    }

    @Test
    void a_hold_without_a_price_cannot_be_paid() {
        assertRefused(hold(HoldStatus.HELD, null, now.plusSeconds(60)), owner, Optional.empty(),
                Reason.RESERVATION_NOT_HELD);
        assertRefused(hold(HoldStatus.HELD, 0L, now.plusSeconds(60)), owner, Optional.empty(),
                Reason.RESERVATION_NOT_HELD);
    }

    @Test
    void allows_says_yes_exactly_where_check_lets_the_payment_start() {
        UUID stranger = UUID.randomUUID();
        QueueRoom otherRoom = new QueueRoom(UUID.randomUUID());

        assertThat(PayableHold.allows(liveHold(), owner, room, Optional.empty(), now)).isTrue();
        assertThat(PayableHold.allows(liveHold(), stranger, room, Optional.empty(), now)).isFalse();
        assertThat(PayableHold.allows(liveHold(), owner, otherRoom, Optional.empty(), now)).isFalse();
        assertThat(PayableHold.allows(liveHold(), owner, room, Optional.of(payment(PaymentStatus.PENDING)), now))
                .isFalse();
        assertThat(PayableHold.allows(hold(HoldStatus.HELD, 50_000L, now), owner, room, Optional.empty(), now))
                .isFalse();
    }
}
