package dev.concert.payment.request;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import dev.concert.payment.payment.Payment;
import dev.concert.payment.payment.Payments;
import dev.concert.payment.payment.Precedents;
import dev.concert.payment.request.PaymentRefused.Reason;
import dev.concert.payment.reservationview.ReservationLookup;
import dev.concert.payment.reservationview.ReservationServiceUnavailable;
import dev.concert.payment.reservationview.ReservationView;
import dev.concert.platform.messaging.Outbox;
import dev.concert.platform.web.IdempotencyKey;
import dev.concert.platform.web.OnceOnly;
import dev.concert.platform.web.QueueRoom;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Saga step 4: a user asks to pay for a held reservation → PENDING payment claiming the reservation →
 * {@code PaymentRequested} (in the same transaction, through the outbox).
 * <p>
 * The checks before the insert give the helpful answers; the unique indexes decide the races: two concurrent
 * payments of one reservation cannot both claim it, and two copies of one request cannot both insert.
 */
@Service
public class PaymentRequests {

    private final Payments payments;
    private final ReservationLookup reservations;
    private final Outbox outbox;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;
    private final OutcomeWait outcomeWait;
    private final SettledSignals signals;

    public PaymentRequests(Payments payments, ReservationLookup reservations, Outbox outbox, TransactionTemplate tx,
                           Clock clock, MeterRegistry meters, PaymentSettings settings, SettledSignals signals) {
        this.payments = payments;
        this.reservations = reservations;
        this.outbox = outbox;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
        this.signals = signals;
        this.outcomeWait = new OutcomeWait(settings.responseWait(), payments::find, signals);
    }

    /**
     * Pays for a held reservation, or replays what this Idempotency-Key already started, and answers with the outcome
     * once the saga settled it (or PENDING when the configured wait is over). {@code room} is the waiting room the
     * caller was let through: only a hold of that room's schedule may be paid (403 WRONG_ROOM, nothing written).
     */
    public Payment pay(UUID caller, QueueRoom room, String rawKey, UUID reservationId) {
        IdempotencyKey key = IdempotencyKey.of(rawKey);
        Started started = startInOneTransaction(caller, room, key, reservationId)
                .orElseGet(() -> startStepByStep(caller, room, key, reservationId));
        return started.settled() == null ? outcomeWait.await(started.payment())
                : outcomeWait.awaitWritten(started.payment(), started.settled());
    }

    /**
     * The common case in one transaction: its reads, the insert and the event, one commit (the connections stay out
     * of auto-commit, so reads outside it would each cost a rollback). Anything else is left to {@link
     * #startStepByStep}, which reads afresh and gives the helpful answer: the reservation not in the view yet (it asks
     * reservation-service, outside any transaction), a refusal, or a race lost to a copy of this request or to
     * another payment (the unique indexes decide it; this transaction then rolls back whole).
     */
    private Optional<Started> startInOneTransaction(UUID caller, QueueRoom room, IdempotencyKey key,
                                                    UUID reservationId) {
        AtomicReference<SettledSignals.Subscription> subscribed = new AtomicReference<>();
        try {
            Optional<Started> started = tx.execute(status -> {
                Precedents seen = payments.precedents(caller, key.value(), reservationId);
                if (seen.byKey().isPresent()) {
                    return Optional.of(Started.earlier(sameRequest(seen.byKey().get(), reservationId)));
                }
                Optional<ReservationView> reservation = reservations.seen(reservationId);
                if (reservation.isEmpty() || !PayableHold.allows(reservation.get(), caller, room, seen.live(),
                        clock.instant())) {
                    status.setRollbackOnly();
                    return Optional.empty();
                }
                Payment pending = Payment.request(reservationId, caller, reservation.get().price(), key.value());
                // subscribed before the insert commits: the outcome is then heard without reading the payment back
                subscribed.set(signals.subscribe(pending.paymentId()));
                record(pending);
                return Optional.of(new Started(pending, subscribed.get()));
            });
            if (started != null && started.isPresent() && started.get().settled() != null) {
                meters.counter("payments.requested").increment();
            }
            return started == null ? Optional.empty() : started;
        } catch (DataIntegrityViolationException lostARace) {
            closeIfSubscribed(subscribed);
            return Optional.empty();
        } catch (RuntimeException e) {
            closeIfSubscribed(subscribed);
            throw e;
        }
    }

    /** The PENDING payment claiming its reservation and the event that starts its saga, in the caller's transaction. */
    private void record(Payment pending) {
        payments.add(pending);
        outbox.append(pending.requested());
    }

    private static void closeIfSubscribed(AtomicReference<SettledSignals.Subscription> subscribed) {
        if (subscribed.get() != null) {
            subscribed.get().close();
        }
    }

    /** Step by step: each read on its own, the reservation asked for when the view lacks it, then the insert. */
    private Started startStepByStep(UUID caller, QueueRoom room, IdempotencyKey key, UUID reservationId) {
        // the key's payment and the reservation's live payment in one read; read again only after a lost race
        AtomicReference<Precedents> seen = new AtomicReference<>();
        return OnceOnly.insertOrReplay(
                () -> {
                    seen.set(payments.precedents(caller, key.value(), reservationId));
                    return seen.get().byKey().map(Started::earlier);
                },
                earlier -> Started.earlier(sameRequest(earlier.payment(), reservationId)),
                () -> start(caller, room, key, reservationId, seen.get().live()),
                lostToAnotherPayment -> {
                    throw payments.findLive(reservationId).map(PayableHold::conflictWith)
                            .orElseThrow(() -> lostToAnotherPayment);
                });
    }

    /** A payment this request wrote (with the subscription to its outcome), or one written before. */
    private record Started(Payment payment, SettledSignals.Subscription settled) {
        static Started earlier(Payment payment) {
            return new Started(payment, null);
        }
    }

    private Started start(UUID caller, QueueRoom room, IdempotencyKey key, UUID reservationId,
                          Optional<Payment> live) {
        ReservationView reservation = find(reservationId);
        try {
            PayableHold.check(reservation, caller, room, live, clock.instant());
        } catch (PaymentRefused refused) {
            // the payments were read before the view (which may have asked reservation-service): a copy of this
            // request may have committed since, or the payment in the way ended; a retry must get its replay
            Precedents now = payments.precedents(caller, key.value(), reservationId);
            if (now.byKey().isPresent()) {
                return Started.earlier(sameRequest(now.byKey().get(), reservationId));
            }
            PayableHold.check(reservation, caller, room, now.live(), clock.instant());
        }

        Payment pending = Payment.request(reservationId, caller, reservation.price(), key.value());
        // subscribed before the insert commits: the outcome is then heard without reading the payment back until
        // the wait ends (two reads fewer per payment)
        SettledSignals.Subscription settled = signals.subscribe(pending.paymentId());
        try {
            tx.executeWithoutResult(status -> record(pending));
        } catch (RuntimeException e) {
            settled.close();
            throw e;
        }
        meters.counter("payments.requested").increment();
        return new Started(pending, settled);
    }

    /**
     * The payment once the saga settled it, or still PENDING when {@code requested} (the client's {@code Prefer: wait})
     * is over; never waiting longer than configured.
     */
    public Payment awaitOutcome(Payment payment, java.time.Duration requested) {
        return outcomeWait.await(payment, requested);
    }

    private ReservationView find(UUID reservationId) {
        try {
            return reservations.find(reservationId).orElseThrow(() -> new PaymentRefused(
                    Reason.RESERVATION_NOT_FOUND, "no reservation " + reservationId));
        } catch (ReservationServiceUnavailable e) {
            throw new PaymentRefused(Reason.RESERVATION_SERVICE_UNAVAILABLE,
                    "the reservation cannot be checked right now; retry in a few seconds");
        }
    }

    private static Payment sameRequest(Payment earlier, UUID reservationId) {
        if (!earlier.reservationId().equals(reservationId)) {
            throw IdempotencyKey.reused("this Idempotency-Key was used to pay for "
                    + "reservation " + earlier.reservationId() + "; use a new key for another payment");
        }
        return earlier;
    }
}
