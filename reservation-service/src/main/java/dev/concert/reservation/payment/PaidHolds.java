package dev.concert.reservation.payment;

import java.time.Clock;
import java.util.Optional;

import dev.concert.events.DomainEvent;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.reservation.PaymentDebit;
import dev.concert.reservation.reservation.Reservations;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Saga step 6 in reservation-service, run inside the inbox transaction of {@code WalletDebited}, or on request by
 * payment-service's reconciliation ({@link LateConfirmationController}).
 */
@Service
class PaidHolds {

    private static final Logger log = LoggerFactory.getLogger(PaidHolds.class);

    private final Reservations reservations;
    private final Outbox outbox;
    private final Clock clock;
    private final ReservationCounters counters;

    PaidHolds(Reservations reservations, Outbox outbox, Clock clock,
              ReservationCounters counters) {
        this.reservations = reservations;
        this.outbox = outbox;
        this.clock = clock;
        this.counters = counters;
    }

    /**
     * Step 6: the money is taken. Confirm if the hold is still live (reservation CONFIRMED and seat BOOKED) and say
     * so; otherwise say why not, so that wallet-service refunds. Money is never kept without a booking. Returns what
     * was announced: empty when this very payment had booked it already (a redelivery, nothing more to say).
     */
    void walletDebited(WalletDebited e) {
        confirm(PaymentDebit.of(e));
    }

    /** Step 6 for a debit, heard or reported by the reconciliation; returns what was announced. */
    Optional<DomainEvent> confirm(PaymentDebit e) {
        Optional<DomainEvent> outcome = reservations.confirm(e, clock.instant());
        outcome.ifPresentOrElse(announced -> {
            outbox.append(announced);
            if (announced instanceof ReservationConfirmed) {
                counters.confirmed();
            } else {
                counters.confirmationFailed();
                log.info("payment {} cannot confirm reservation {}: {}", e.paymentId(), e.reservationId(), announced);
            }
        }, () -> log.info("payment {} already confirmed reservation {}: nothing to do", e.paymentId(),
                e.reservationId()));
        return outcome;
    }
}
