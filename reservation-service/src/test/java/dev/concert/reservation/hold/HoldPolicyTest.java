package dev.concert.reservation.hold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class HoldPolicyTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(60));

    @Test
    void a_hold_lasts_five_minutes() {
        assertThat(policy.expiresAt(NOW)).isEqualTo(Instant.parse("2026-11-26T10:05:00Z"));
    }

    @Test
    void a_user_may_take_holds_up_to_the_limit_and_no_more() {
        assertThat(policy.allowsAnotherHold(0)).isTrue();
        assertThat(policy.allowsAnotherHold(3)).isTrue();
        assertThat(policy.allowsAnotherHold(4)).isFalse();
        assertThat(policy.allowsAnotherHold(5)).isFalse();
    }

    @Test
    void a_hold_is_live_until_its_deadline_and_expired_from_it() {
        Instant deadline = policy.expiresAt(NOW);
        assertThat(HoldPolicy.isLive(deadline, null, deadline.minusNanos(1000))).isTrue();
        assertThat(HoldPolicy.isLive(deadline, null, deadline)).isFalse();
        assertThat(HoldPolicy.isLive(deadline, null, deadline.plusSeconds(1))).isFalse();
    }

    @Test
    void a_pending_payment_keeps_the_hold_live_for_the_grace_after_the_request() {
        Instant deadline = policy.expiresAt(NOW);
        Instant requestedAt = deadline.minusSeconds(10);
        Instant pendingUntil = policy.paymentPendingUntil(requestedAt);
        assertThat(pendingUntil).isEqualTo(requestedAt.plusSeconds(60));
        assertThat(HoldPolicy.isLive(deadline, pendingUntil, deadline.plusSeconds(49))).isTrue();
        assertThat(HoldPolicy.isLive(deadline, pendingUntil, pendingUntil)).isFalse();
        // an early payment request does not shorten the hold
        assertThat(HoldPolicy.isLive(deadline, NOW.plusSeconds(60), NOW.plusSeconds(120))).isTrue();
    }

    @Test
    void the_expiry_rule_applies_only_to_holds_past_every_deadline() {
        Reservation held = Reservation.hold(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), 1, 80_000, NOW, policy);
        assertThat(held.status()).isEqualTo(ReservationStatus.HELD);
        assertThat(held.isLiveHold(NOW.plusSeconds(299))).isTrue();
        assertThat(held.isExpiredHold(NOW.plusSeconds(299))).isFalse();
        assertThat(held.isExpiredHold(NOW.plusSeconds(300))).isTrue();

        Reservation confirmed = new Reservation(held.id(), held.userId(), held.scheduleId(), held.seatId(), 1,
                80_000, ReservationStatus.CONFIRMED, NOW, held.expiresAt(), null, UUID.randomUUID(),
                NOW.plusSeconds(30), null);
        assertThat(confirmed.isExpiredHold(NOW.plusSeconds(3600))).isFalse();
        assertThat(confirmed.isLiveHold(NOW)).isFalse();
    }

    @Test
    void a_nonsensical_policy_is_refused_at_start_up() {
        assertThatThrownBy(() -> new HoldPolicy(Duration.ZERO, 4, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(5), 0, Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_seat_is_for_sale_only_inside_the_sale_window_and_before_the_show() {
        HoldRepository.SeatForSale seat = new HoldRepository.SeatForSale(UUID.randomUUID(), UUID.randomUUID(), 1,
                80_000, NOW, NOW.plusSeconds(3600), NOW.plusSeconds(7200));
        assertThat(seat.onSaleAt(NOW.minusNanos(1000))).isFalse();
        assertThat(seat.onSaleAt(NOW)).isTrue();
        assertThat(seat.onSaleAt(NOW.plusSeconds(3599))).isTrue();
        assertThat(seat.onSaleAt(NOW.plusSeconds(3600))).isFalse();
    }
}
