package dev.concert.payment.reservationview;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.payment.PaymentServiceTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The view of the holds and bookings a poll of the saga's listener heard: written together at its commit, in the
 * order heard, with the same last word as one statement per event (a booking wins, a hold never overwrites).
 */
@PaymentServiceTest
class ReservationViewsIT {

    @Autowired
    ReservationViews views;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    private final UUID owner = UUID.randomUUID();
    private final Instant expires = Instant.now().plus(5, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MICROS);

    @Test
    void the_holds_and_bookings_of_one_transaction_are_one_statement_and_keep_the_order_they_were_heard_in() {
        UUID heldThenBooked = UUID.randomUUID();
        UUID heldOnly = UUID.randomUUID();
        UUID bookedUnheard = UUID.randomUUID();
        UUID bookedBefore = UUID.randomUUID();
        UUID releasedBefore = UUID.randomUUID();
        tx.executeWithoutResult(status -> {
            views.confirmed(booked(bookedBefore));
            views.released(released(releasedBefore, ReleaseReason.HOLD_EXPIRED));
        });

        long inserts = tx.execute(status -> {
            long before = sessionCount("Com_insert");
            views.held(held(heldThenBooked));
            views.confirmed(booked(heldThenBooked));
            views.held(held(heldOnly));
            views.confirmed(booked(bookedUnheard));
            views.held(held(bookedBefore));
            views.held(held(releasedBefore));
            assertThat(views.find(heldOnly)).as("a read in the transaction sees what it heard").isPresent();
            return sessionCount("Com_insert") - before;
        });

        assertThat(inserts).isEqualTo(1);
        assertThat(status(heldThenBooked)).isEqualTo(HoldStatus.CONFIRMED);
        assertThat(views.find(heldThenBooked).orElseThrow().seatNumber()).isEqualTo(7);
        assertThat(status(heldOnly)).isEqualTo(HoldStatus.HELD);
        assertThat(views.find(heldOnly).orElseThrow().expiresAt()).isEqualTo(expires);
        assertThat(status(bookedUnheard)).isEqualTo(HoldStatus.CONFIRMED);
        assertThat(status(bookedBefore)).as("a late hold does not undo a booking").isEqualTo(HoldStatus.CONFIRMED);
        assertThat(status(releasedBefore)).as("a late hold does not revive a release").isEqualTo(HoldStatus.RELEASED);
    }

    @Test
    void a_release_heard_after_a_hold_in_the_same_transaction_ends_it() {
        UUID reservation = UUID.randomUUID();

        tx.executeWithoutResult(status -> {
            views.held(held(reservation));
            views.released(released(reservation, ReleaseReason.HOLD_EXPIRED));
        });

        assertThat(status(reservation)).isEqualTo(HoldStatus.RELEASED);
    }

    @Test
    void a_rolled_back_transaction_leaves_no_row() {
        UUID reservation = UUID.randomUUID();

        tx.executeWithoutResult(status -> {
            views.held(held(reservation));
            status.setRollbackOnly();
        });

        assertThat(views.find(reservation)).isEmpty();
    }

    private SeatHeld held(UUID reservation) {
        return new SeatHeld(reservation, UUID.randomUUID(), UUID.randomUUID(), 7, owner, 50_000, expires);
    }

    private ReservationConfirmed booked(UUID reservation) {
        return new ReservationConfirmed(reservation, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), owner,
                50_000, 0, 1);
    }

    private SeatReleased released(UUID reservation, ReleaseReason reason) {
        return new SeatReleased(reservation, UUID.randomUUID(), UUID.randomUUID(), owner, reason, 0, 1);
    }

    private HoldStatus status(UUID reservation) {
        return views.find(reservation).orElseThrow().status();
    }

    private long sessionCount(String name) {
        return jdbc.sql("SHOW SESSION STATUS LIKE '" + name + "'").query((rs, n) -> rs.getLong(2)).single();
    }
}
