package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.BookingCancelled;
import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.ReleaseReason;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * A user's hold on one seat and what became of it. Each method checks the current state, changes it and returns the
 * event(s) to publish; an illegal move throws. The rule "a hold is live" is {@link #isLiveHold}; {@link #LIVE_HOLD_SQL}
 * and {@link #EXPIRED_HOLD} are the same rule for the queries that must select by it, and a test runs both against
 * the database over every combination of state and deadlines.
 */
@Entity
@Table(name = "reservation")
public class Reservation extends AssignedIdEntity {

    /** SQL over the reservation table with parameter {@code :now}: the hold is live (the hold's hot path). */
    static final String LIVE_HOLD_SQL = "status = 'HELD' AND (expires_at > :now OR payment_pending_until > :now)";
    /** JPQL over alias {@code r}: held but past every deadline, so the expiry job may release it. */
    static final String EXPIRED_HOLD = "r.status = :held AND r.expiresAt <= :now"
            + " AND (r.paymentPendingUntil IS NULL OR r.paymentPendingUntil <= :now)";

    @Id
    private UUID id;
    private UUID userId;
    private UUID scheduleId;
    private UUID seatId;
    private int seatNumber;
    private long price;
    @Enumerated(EnumType.STRING)
    private ReservationStatus status;
    private Instant createdAt;
    private Instant expiresAt;
    /** expiresAt + the payment grace: a payment accepted before expiresAt may still confirm the hold until then */
    private Instant paymentPendingUntil;
    private UUID paymentId;
    private Instant confirmedAt;
    private Instant releasedAt;

    protected Reservation() {
    }

    Reservation(UUID id, UUID userId, UUID scheduleId, UUID seatId, int seatNumber, long price,
                ReservationStatus status, Instant createdAt, Instant expiresAt) {
        this.id = id;
        this.userId = userId;
        this.scheduleId = scheduleId;
        this.seatId = seatId;
        this.seatNumber = seatNumber;
        this.price = price;
        this.status = status;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    /**
     * A fresh hold of {@code seat} taken at {@code now}. Payments are accepted until {@code expiresAt}; the hold itself
     * lasts the payment grace longer, so a payment accepted in time keeps the seat even if this service hears of its
     * debit late (the grace starts at the deadline, not when an event is consumed: docs/saga.md).
     */
    public static Reservation hold(UUID userId, SeatForSale seat, Instant now, HoldPolicy policy) {
        Reservation held = new Reservation(UUID.randomUUID(), userId, seat.scheduleId(), seat.seatId(),
                seat.seatNumber(), seat.price(), ReservationStatus.HELD, now, policy.expiresAt(now));
        held.paymentPendingUntil = policy.paymentDeadline(now);
        return held;
    }

    public SeatHeld held() {
        if (status != ReservationStatus.HELD) {
            throw new IllegalStateException("reservation " + id + " is " + status + ", not HELD");
        }
        return new SeatHeld(id, scheduleId, seatId, seatNumber, userId, price, expiresAt);
    }

    /** Held and inside its deadline or a payment's grace: a payment can still confirm it. */
    public boolean isLiveHold(Instant now) {
        return status == ReservationStatus.HELD
                && (expiresAt.isAfter(now) || (paymentPendingUntil != null && paymentPendingUntil.isAfter(now)));
    }

    /** Held but past every deadline: the expiry job may release it. */
    public boolean isExpiredHold(Instant now) {
        return status == ReservationStatus.HELD && !isLiveHold(now);
    }

    /** Why a debit of {@code payer} could not confirm this hold at {@code now}, or empty if it can. */
    public Optional<ConfirmationFailure> whyNotConfirmable(UUID payer, Instant now) {
        if (!userId.equals(payer)) {
            return Optional.of(ConfirmationFailure.NOT_RESERVATION_OWNER);
        }
        if (status == ReservationStatus.CONFIRMED) {
            return Optional.of(ConfirmationFailure.ALREADY_CONFIRMED);
        }
        if (status == ReservationStatus.CANCELLED) {
            return Optional.of(ConfirmationFailure.RESERVATION_CANCELLED);
        }
        return isLiveHold(now) ? Optional.empty() : Optional.of(ConfirmationFailure.HOLD_EXPIRED);
    }

    /** This very payment booked it already (a redelivered debit). */
    public boolean isConfirmedBy(UUID payment) {
        return status == ReservationStatus.CONFIRMED && payment.equals(paymentId);
    }

    /**
     * HELD → CONFIRMED by {@code payment}; throws unless {@link #whyNotConfirmable} is empty for the payer.
     * {@code left}: the owner's holds still open after this one is booked.
     */
    ReservationConfirmed confirm(UUID payer, UUID payment, long amount, Instant now, HoldsLeft left) {
        whyNotConfirmable(payer, now).ifPresent(why -> {
            throw new IllegalStateException("reservation " + id + " cannot be confirmed: " + why);
        });
        status = status.transitionTo(ReservationStatus.CONFIRMED);
        paymentId = payment;
        confirmedAt = now;
        return new ReservationConfirmed(id, payment, scheduleId, seatId, userId, amount, left.openHolds(),
                left.version());
    }

    /** HELD → EXPIRED past every deadline; throws while the hold is live or once it has ended. */
    SeatReleased expire(Instant now, HoldsLeft left) {
        if (!isExpiredHold(now)) {
            throw new IllegalStateException("reservation " + id + " is " + status + " and not past its deadlines");
        }
        status = status.transitionTo(ReservationStatus.EXPIRED);
        releasedAt = now;
        return new SeatReleased(id, scheduleId, seatId, userId, ReleaseReason.HOLD_EXPIRED, left.openHolds(),
                left.version());
    }

    /**
     * Why its owner cannot cancel it at {@code now} (the show starting at {@code showStartsAt}), or empty if they can:
     * a hold can be given up whenever it is HELD, a booking until the show starts; an expired hold is over already.
     * A cancelled reservation is not refused here: cancelling it again changes nothing, which the caller answers.
     */
    public Optional<CancelRefused.Reason> whyNotCancellable(Instant now, Instant showStartsAt) {
        return switch (status) {
            case HELD, CANCELLED -> Optional.empty();
            case CONFIRMED -> now.isBefore(showStartsAt) ? Optional.empty()
                    : Optional.of(CancelRefused.Reason.CONCERT_STARTED);
            case EXPIRED -> Optional.of(CancelRefused.Reason.RESERVATION_EXPIRED);
        };
    }

    /**
     * HELD or CONFIRMED → CANCELLED by its owner: the seat goes back on sale at once ({@code SeatReleased} with reason
     * CANCELLED) and a cancelled booking also announces {@code BookingCancelled}, so that the wallet refunds its
     * payment. Throws when {@link #whyNotCancellable} refuses, and once it is cancelled (no second cancellation).
     * {@code left}: the owner's holds still open after this change.
     */
    List<DomainEvent> cancel(Instant now, Instant showStartsAt, HoldsLeft left) {
        whyNotCancellable(now, showStartsAt).ifPresent(why -> {
            throw new IllegalStateException("reservation " + id + " cannot be cancelled: " + why);
        });
        return end(ReleaseReason.CANCELLED, now, left);
    }

    /** HELD or CONFIRMED: a cancelled date ends it ({@link #cancelWithSchedule}). */
    public boolean isLiveOrBooked() {
        return status == ReservationStatus.HELD || status == ReservationStatus.CONFIRMED;
    }

    /**
     * HELD or CONFIRMED → CANCELLED because an operator cancelled its date: the same move and events as its owner's
     * cancellation, with reason SCHEDULE_CANCELLED, so a booking is refunded the same way (BookingCancelled). A hold
     * past its deadline that the expiry job has not released yet ends here too. Throws once it has ended.
     */
    List<DomainEvent> cancelWithSchedule(Instant now, HoldsLeft left) {
        if (!isLiveOrBooked()) {
            throw new IllegalStateException("reservation " + id + " is " + status + "; its date cannot end it");
        }
        return end(ReleaseReason.SCHEDULE_CANCELLED, now, left);
    }

    private List<DomainEvent> end(ReleaseReason reason, Instant now, HoldsLeft left) {
        boolean wasBooked = status == ReservationStatus.CONFIRMED;
        status = status.transitionTo(ReservationStatus.CANCELLED);
        releasedAt = now;
        SeatReleased released = new SeatReleased(id, scheduleId, seatId, userId, reason, left.openHolds(),
                left.version());
        return wasBooked
                ? List.of(new BookingCancelled(id, paymentId, scheduleId, seatId, userId, price, reason), released)
                : List.of(released);
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public UUID userId() {
        return userId;
    }

    public UUID scheduleId() {
        return scheduleId;
    }

    public UUID seatId() {
        return seatId;
    }

    public int seatNumber() {
        return seatNumber;
    }

    public long price() {
        return price;
    }

    public ReservationStatus status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public Instant paymentPendingUntil() {
        return paymentPendingUntil;
    }

    public UUID paymentId() {
        return paymentId;
    }

    public Instant confirmedAt() {
        return confirmedAt;
    }

    public Instant releasedAt() {
        return releasedAt;
    }
}
