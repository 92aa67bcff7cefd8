package dev.concert.reservation.payment;

import java.time.Clock;

import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.HoldPolicy;
import dev.concert.reservation.reservation.Reservations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Saga steps 5 and 6 in reservation-service. Each runs inside the inbox transaction of its event. */
@Service
class PaidHolds {

    private static final Logger log = LoggerFactory.getLogger(PaidHolds.class);

    private final Reservations reservations;
    private final HoldPolicy policy;
    private final Outbox outbox;
    private final Clock clock;
    private final ReservationCounters counters;

    PaidHolds(Reservations reservations, HoldPolicy policy, Outbox outbox, Clock clock,
              ReservationCounters counters) {
        this.reservations = reservations;
        this.policy = policy;
        this.outbox = outbox;
        this.clock = clock;
        this.counters = counters;
    }

    /** Step 5: a payment is under way, so the expiry job must leave the hold alone for the payment grace. */
    void paymentRequested(PaymentRequested e) {
        if (!reservations.keepForPayment(e.reservationId(), e.userId(), policy.paymentPendingUntil(clock.instant()))) {
            log.debug("payment {} for reservation {}: hold not HELD (or already protected longer)", e.paymentId(),
                    e.reservationId());
        }
    }

    /**
     * Step 6: the money is taken. Confirm if the hold is still live (reservation CONFIRMED and seat BOOKED) and say
     * so; otherwise say why not, so that wallet-service refunds. Money is never kept without a booking.
     */
    void walletDebited(WalletDebited e) {
        reservations.confirm(e, clock.instant()).ifPresentOrElse(outcome -> {
            outbox.append(outcome);
            if (outcome instanceof ReservationConfirmed) {
                counters.confirmed();
            } else {
                counters.confirmationFailed();
                log.info("payment {} cannot confirm reservation {}: {}", e.paymentId(), e.reservationId(), outcome);
            }
        }, () -> log.info("payment {} already confirmed reservation {}: nothing to do", e.paymentId(),
                e.reservationId()));
    }
}
