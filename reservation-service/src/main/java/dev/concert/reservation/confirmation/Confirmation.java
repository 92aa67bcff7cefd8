package dev.concert.reservation.confirmation;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import dev.concert.events.PaymentRequested;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.WalletDebited;
import dev.concert.platform.messaging.Outbox;
import dev.concert.reservation.ReservationCounters;
import dev.concert.reservation.hold.HoldPolicy;
import dev.concert.reservation.hold.HoldRepository;
import dev.concert.reservation.hold.Reservation;
import dev.concert.reservation.hold.ReservationStatus;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Saga steps 5 and 6 in reservation-service (docs/saga.md). Each runs inside the inbox transaction of its event. */
@Service
public class Confirmation {

    /** Reasons of {@link ReservationConfirmationFailed}; wallet-service refunds whatever the reason. */
    public static final String HOLD_EXPIRED = ReservationConfirmationFailed.HOLD_EXPIRED;
    public static final String ALREADY_CONFIRMED = "ALREADY_CONFIRMED";
    public static final String RESERVATION_NOT_FOUND = "RESERVATION_NOT_FOUND";
    public static final String NOT_RESERVATION_OWNER = "NOT_RESERVATION_OWNER";

    private static final Logger log = LoggerFactory.getLogger(Confirmation.class);

    private final ConfirmationRepository confirmations;
    private final HoldRepository reservations;
    private final HoldPolicy policy;
    private final Outbox outbox;
    private final Clock clock;
    private final ReservationCounters counters;

    public Confirmation(ConfirmationRepository confirmations, HoldRepository reservations, HoldPolicy policy,
                        Outbox outbox, Clock clock, ReservationCounters counters) {
        this.confirmations = confirmations;
        this.reservations = reservations;
        this.policy = policy;
        this.outbox = outbox;
        this.clock = clock;
        this.counters = counters;
    }

    /** Step 5: a payment is under way, so the expiry job must leave the hold alone for the payment grace. */
    public void onPaymentRequested(PaymentRequested e) {
        Instant until = policy.paymentPendingUntil(clock.instant());
        if (!confirmations.extendForPayment(e.reservationId(), e.userId(), until)) {
            log.debug("payment {} for reservation {}: hold not HELD (or already protected longer)", e.paymentId(),
                    e.reservationId());
        }
    }

    /**
     * Step 6: the money is taken. Confirm if the hold is still live (reservation CONFIRMED and seat BOOKED, one
     * conditional statement) and say so; otherwise say why not, so wallet-service refunds. Money is never kept
     * without a booking.
     */
    public void onWalletDebited(WalletDebited e) {
        Instant now = clock.instant();
        if (confirmations.confirm(e.reservationId(), e.userId(), e.paymentId(), now)) {
            Reservation r = reservations.find(e.reservationId()).orElseThrow();
            outbox.append(new ReservationConfirmed(r.id(), e.paymentId(), r.scheduleId(), r.seatId(), r.userId(),
                    e.amount()));
            counters.confirmed();
            return;
        }
        Optional<Reservation> current = reservations.find(e.reservationId());
        if (current.isPresent() && current.get().status() == ReservationStatus.CONFIRMED
                && e.paymentId().equals(current.get().paymentId())) {
            log.info("payment {} already confirmed reservation {}: nothing to do", e.paymentId(), e.reservationId());
            return;
        }
        String reason = whyNotConfirmable(current, e);
        outbox.append(new ReservationConfirmationFailed(e.reservationId(), e.paymentId(), e.userId(), e.amount(),
                reason));
        counters.confirmationFailed();
        log.info("payment {} cannot confirm reservation {}: {}", e.paymentId(), e.reservationId(), reason);
    }

    static String whyNotConfirmable(Optional<Reservation> current, WalletDebited e) {
        if (current.isEmpty()) {
            return RESERVATION_NOT_FOUND;
        }
        Reservation r = current.get();
        if (!r.userId().equals(e.userId())) {
            return NOT_RESERVATION_OWNER;
        }
        return r.status() == ReservationStatus.CONFIRMED ? ALREADY_CONFIRMED : HOLD_EXPIRED;
    }
}
