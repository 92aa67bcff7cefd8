package dev.concert.payment.request;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.PaymentStatus;
import dev.concert.payment.request.PaymentRefused.Reason;
import dev.concert.payment.reservationview.ReservationView;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;

/**
 * Whether a caller may start paying for a reservation, checked in the order that tells the caller the most useful
 * thing: whose it is, whether it is being or was paid, whether it is held in the sale the caller queued for, whether
 * the hold is still live.
 */
final class PayableHold {

    private PayableHold() {
    }

    static void check(ReservationView reservation, UUID caller, QueueRoom room, Optional<Payment> livePayment,
                      Instant now) {
        if (!reservation.userId().equals(caller)) {
            throw new PaymentRefused(Reason.NOT_YOUR_RESERVATION, "only the reservation's owner can pay for it");
        }
        if (livePayment.isPresent()) {
            throw conflictWith(livePayment.get());
        }
        switch (reservation.status()) {
            case CONFIRMED -> throw new PaymentRefused(Reason.ALREADY_PAID, "this reservation is already booked");
            case RELEASED -> throw new PaymentRefused(Reason.RESERVATION_NOT_HELD,
                    "this reservation's hold has ended; hold the seat again");
            case HELD -> {
            }
        }
        // the gateway checked the queue token but cannot see which schedule a reservation id is of: a token of one
        // sale must not pay for a seat of another (a hold of unknown schedule is never admitted). Asked of held
        // reservations only: what is over already (booked, released) is answered as such, in any room.
        room.admits(reservation.scheduleId());
        if (!reservation.isLiveHoldAt(now)) {
            throw new PaymentRefused(Reason.HOLD_EXPIRED, "the hold expired at " + reservation.expiresAt());
        }
        if (reservation.price() == null || reservation.price() <= 0) {
            throw new PaymentRefused(Reason.RESERVATION_NOT_HELD, "this reservation has no price to pay");
        }
    }

    /** Whether {@link #check} lets the payment start, without the answer (which the caller then works out afresh). */
    static boolean allows(ReservationView reservation, UUID caller, QueueRoom room, Optional<Payment> livePayment,
                          Instant now) {
        try {
            check(reservation, caller, room, livePayment, now);
            return true;
        } catch (PaymentRefused | ApiProblem refused) {
            return false;
        }
    }

    /** The answer for a second payment while another one claims the reservation. */
    static PaymentRefused conflictWith(Payment live) {
        return live.status() == PaymentStatus.COMPLETED
                ? new PaymentRefused(Reason.ALREADY_PAID, "this reservation is already paid by payment " + live.paymentId())
                : new PaymentRefused(Reason.PAYMENT_IN_PROGRESS,
                        "payment " + live.paymentId() + " for this reservation is in progress");
    }
}
