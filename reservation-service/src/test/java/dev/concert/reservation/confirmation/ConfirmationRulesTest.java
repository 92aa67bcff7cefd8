package dev.concert.reservation.confirmation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.WalletDebited;
import dev.concert.reservation.hold.HoldPolicy;
import dev.concert.reservation.hold.Reservation;
import dev.concert.reservation.hold.ReservationStatus;

import org.junit.jupiter.api.Test;

class ConfirmationRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final HoldPolicy policy = new HoldPolicy(Duration.ofMinutes(5), 4, Duration.ofSeconds(60));
    private final UUID user = UUID.randomUUID();
    private final Reservation held = Reservation.hold(UUID.randomUUID(), user, UUID.randomUUID(), UUID.randomUUID(),
            3, 150_000, NOW, policy);

    private WalletDebited debitBy(UUID payer) {
        return new WalletDebited(UUID.randomUUID(), held.id(), payer, 150_000, 0);
    }

    private Reservation in(ReservationStatus status) {
        return new Reservation(held.id(), user, held.scheduleId(), held.seatId(), 3, 150_000, status, NOW,
                held.expiresAt(), null, UUID.randomUUID(), null, null);
    }

    @Test
    void a_debit_for_an_expired_hold_is_refused_as_HOLD_EXPIRED() {
        assertThat(Confirmation.whyNotConfirmable(Optional.of(in(ReservationStatus.EXPIRED)), debitBy(user)))
                .isEqualTo(Confirmation.HOLD_EXPIRED);
        // still HELD but past every deadline (the job has not run yet): expired all the same
        assertThat(Confirmation.whyNotConfirmable(Optional.of(held), debitBy(user)))
                .isEqualTo(Confirmation.HOLD_EXPIRED);
    }

    @Test
    void a_debit_for_a_reservation_another_payment_confirmed_is_refused_as_ALREADY_CONFIRMED() {
        assertThat(Confirmation.whyNotConfirmable(Optional.of(in(ReservationStatus.CONFIRMED)), debitBy(user)))
                .isEqualTo(Confirmation.ALREADY_CONFIRMED);
    }

    @Test
    void a_debit_for_an_unknown_reservation_or_by_another_user_is_refused() {
        assertThat(Confirmation.whyNotConfirmable(Optional.empty(), debitBy(user)))
                .isEqualTo(Confirmation.RESERVATION_NOT_FOUND);
        assertThat(Confirmation.whyNotConfirmable(Optional.of(held), debitBy(UUID.randomUUID())))
                .isEqualTo(Confirmation.NOT_RESERVATION_OWNER);
    }
}
