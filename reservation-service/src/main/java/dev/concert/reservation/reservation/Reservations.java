package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;

import dev.concert.events.ConfirmationFailure;
import dev.concert.events.DomainEvent;
import dev.concert.events.ReservationConfirmationFailed;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.SeatReleased;
import dev.concert.reservation.reservation.HoldRefused.Reason;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;

/**
 * The reservation aggregate's door for the use cases (hold, payment, expiry, cancel, inventory): a reservation and
 * its seat are one consistency boundary, so every change of the reservation, seat, schedule and hold_owner tables goes
 * through here and the stores behind it are package-private. Methods that change something must run inside the
 * caller's transaction, which also appends the returned events to the outbox.
 */
@Service
public class Reservations {

    private static final Logger log = LoggerFactory.getLogger(Reservations.class);

    private final ReservationStore reservations;
    private final SeatStore seats;
    private final SaleScheduleStore schedules;
    private final HoldStore holds;
    private final HoldPolicy policy;

    Reservations(ReservationStore reservations, SeatStore seats, SaleScheduleStore schedules, HoldStore holds,
                 HoldPolicy policy) {
        this.reservations = reservations;
        this.seats = seats;
        this.schedules = schedules;
        this.holds = holds;
        this.policy = policy;
    }

    public Optional<SeatForSale> seatForSale(UUID seatId, Instant now) {
        return holds.seatForSale(seatId, now);
    }

    public boolean scheduleExists(UUID scheduleId) {
        return schedules.existsById(scheduleId);
    }

    public Optional<Reservation> find(UUID reservationId) {
        return reservations.findById(reservationId);
    }

    /** The user's reservations, newest first. */
    public List<Reservation> ofUser(UUID userId, int limit) {
        return reservations.findByUserIdOrderByCreatedAtDescIdAsc(userId, Limit.of(limit));
    }

    /** The seats of a schedule by number, or empty if the schedule is unknown. */
    public Optional<List<Seat>> seatMap(UUID scheduleId) {
        if (!schedules.existsById(scheduleId)) {
            return Optional.empty();
        }
        return Optional.of(seats.findByScheduleIdOrderBySeatNumber(scheduleId));
    }

    /**
     * Holds {@code seat} for the user: within the user's live-hold limit (the user's lock row serialises their holds),
     * and only if the seat is in a state a hold may take it from (one conditional update). Nothing is written when
     * this throws.
     */
    public Reservation hold(UUID userId, SeatForSale seat, Instant now) {
        SaleStatus sale = holds.lockSaleStatus(seat.scheduleId()).orElse(SaleStatus.CANCELLED);
        if (sale != SaleStatus.ON_SALE) {
            // closed or cancelled by an operator after the seat was read: the same answer as if read after it
            throw new HoldRefused(Reason.SALE_CLOSED, "schedule " + seat.scheduleId() + " is not on sale now ("
                    + sale + ")");
        }
        holds.lockOwner(userId, now);
        if (!policy.allowsAnotherHold(holds.countLiveHolds(userId, now))) {
            throw new HoldRefused(Reason.HOLD_LIMIT_REACHED,
                    "you already hold " + policy.maxLiveHolds() + " seats; pay for one or let one expire first");
        }
        Reservation reservation = Reservation.hold(userId, seat, now, policy);
        if (!holds.takeSeat(seat.seatId(), reservation.id())) {
            throw new HoldRefused(Reason.SEAT_NOT_AVAILABLE, "seat " + seat.seatNumber() + " is already taken");
        }
        holds.insert(reservation);
        return reservation;
    }

    /**
     * The money is taken: book the seat if the hold is still live and say so, otherwise say why not so that the
     * wallet refunds. Empty when this very payment booked it already (a redelivery): nothing more to say.
     */
    public Optional<DomainEvent> confirm(PaymentDebit debit, Instant now) {
        Optional<Reservation> found = reservations.lockById(debit.reservationId());
        if (found.isEmpty()) {
            return Optional.of(refusal(debit, ConfirmationFailure.RESERVATION_NOT_FOUND));
        }
        Reservation reservation = found.get();
        if (reservation.isConfirmedBy(debit.paymentId())) {
            return Optional.empty();
        }
        Optional<ConfirmationFailure> why = reservation.whyNotConfirmable(debit.userId(), now);
        if (why.isPresent()) {
            return Optional.of(refusal(debit, why.get()));
        }
        HoldStore.OwnerHolds owner = holds.claimOpenHoldsVersions(reservation.userId(), 1, now);
        Seat seat = seats.lockById(reservation.seatId()).orElse(null);
        if (seat == null || !seat.isHeldBy(reservation.id())) {
            // should never happen; refusing sends the money back, a failure here would keep it
            log.error("live reservation {} does not hold seat {}; refusing the confirmation", reservation.id(),
                    reservation.seatId());
            return Optional.of(refusal(debit, ConfirmationFailure.HOLD_EXPIRED));
        }
        ReservationConfirmed confirmed = reservation.confirm(debit.userId(), debit.paymentId(), debit.amount(), now,
                new HoldsLeft(owner.held() - 1, owner.lastVersion()));
        seat.follow(reservation);
        return Optional.of(confirmed);
    }

    private static ReservationConfirmationFailed refusal(PaymentDebit debit,
                                                         ConfirmationFailure reason) {
        return new ReservationConfirmationFailed(debit.reservationId(), debit.paymentId(), debit.userId(),
                debit.amount(), reason);
    }

    /** One batch of the expiry job: how many holds it locked, and the releases to announce. */
    public record ReleasedBatch(int locked, List<SeatReleased> released) {
    }

    /**
     * Releases up to {@code limit} holds past every deadline: reservation EXPIRED, seat AVAILABLE. Every instance may
     * run it at once: rows another transaction has locked are skipped, and each is re-checked once locked.
     */
    public ReleasedBatch releaseExpired(Instant now, int limit) {
        List<Reservation> due = reservations.lockExpired(ReservationStatus.HELD, now, Limit.of(limit));
        // the owners of the batch, in one order on every instance (two batches never wait for each other's owners),
        // before any seat: each owner's count of open holds, and a version per release of theirs
        Map<UUID, Integer> ending = new TreeMap<>();
        due.forEach(r -> ending.merge(r.userId(), 1, Integer::sum));
        Map<UUID, OwnerReleases> owners = new HashMap<>();
        ending.forEach((user, count) -> owners.put(user,
                new OwnerReleases(holds.claimOpenHoldsVersions(user, count, now), count)));
        List<SeatReleased> released = new ArrayList<>(due.size());
        for (Reservation reservation : due) {
            Seat seat = seats.lockById(reservation.seatId()).orElse(null);
            SeatReleased release = reservation.expire(now, owners.get(reservation.userId()).next());
            if (seat == null || !seat.isHeldBy(reservation.id())) {
                // should never happen: end the hold but leave the seat alone (invariant 6.1), and do not let one bad
                // row stop the job for every other hold
                log.error("expired reservation {} did not hold seat {}; seat left unchanged, no SeatReleased",
                        reservation.id(), reservation.seatId());
                continue;
            }
            seat.follow(reservation);
            released.add(release);
        }
        return new ReleasedBatch(due.size(), released);
    }

    /** A cancellation: the reservation as it is now, and the events to announce (none if it was cancelled before). */
    public record Cancellation(Reservation reservation, List<DomainEvent> events) {
    }

    /**
     * The owner cancels a reservation: a HELD hold at any time, a booking before its show starts; the seat goes back
     * on sale in the same transaction. Cancelling a cancelled reservation changes and announces nothing. The
     * reservation row is locked first, so of concurrent cancellations, or a cancellation and the expiry job or a
     * confirmation, exactly one changes it and the others see what it became.
     *
     * @throws CancelRefused not the caller's (or no such) reservation, an expired hold, a show that has started
     */
    public Cancellation cancel(UUID reservationId, UUID caller, Instant now) {
        Reservation reservation = reservations.lockById(reservationId).filter(r -> r.userId().equals(caller))
                .orElseThrow(() -> new CancelRefused(CancelRefused.Reason.RESERVATION_NOT_FOUND,
                        "you have no reservation " + reservationId));
        if (reservation.status() == ReservationStatus.CANCELLED) {
            return new Cancellation(reservation, List.of());
        }
        Instant showStartsAt = schedules.findById(reservation.scheduleId()).map(SaleSchedule::startsAt)
                .orElseThrow(() -> new IllegalStateException("reservation " + reservationId
                        + " names an unknown schedule " + reservation.scheduleId()));
        Optional<CancelRefused.Reason> why = reservation.whyNotCancellable(now, showStartsAt);
        if (why.isPresent()) {
            throw new CancelRefused(why.get(), switch (why.get()) {
                case CONCERT_STARTED -> "the show started at " + showStartsAt + "; a booking can be cancelled only "
                        + "before it";
                case RESERVATION_EXPIRED -> "this hold expired unpaid and its seat went back on sale already";
                case RESERVATION_NOT_FOUND -> "you have no reservation " + reservationId;
            });
        }
        HoldStore.OwnerHolds owner = holds.claimOpenHoldsVersions(caller, 1, now);
        Seat seat = seats.lockById(reservation.seatId()).orElse(null);
        if (seat == null || !seat.isTakenBy(reservation.id())) {
            // should never happen (invariant 6.1); change nothing rather than free a seat that is not its own
            throw new IllegalStateException("reservation " + reservationId + " does not hold or book seat "
                    + reservation.seatId());
        }
        int openAfter = owner.held() - (reservation.status() == ReservationStatus.HELD ? 1 : 0);
        List<DomainEvent> events = reservation.cancel(now, showStartsAt, new HoldsLeft(openAfter,
                owner.lastVersion()));
        seat.follow(reservation);
        return new Cancellation(reservation, events);
    }

    /** One owner's releases in an expiry batch: each leaves one open hold fewer and takes the next version. */
    private static final class OwnerReleases {

        private int open;
        private long version;

        OwnerReleases(HoldStore.OwnerHolds owner, int releases) {
            this.open = owner.held();
            this.version = owner.lastVersion() - releases;
        }

        HoldsLeft next() {
            return new HoldsLeft(--open, ++version);
        }

        /** The next change, which leaves one open hold fewer only if it ends a hold (not a booking). */
        HoldsLeft next(boolean endsAHold) {
            return endsAHold ? next() : new HoldsLeft(open, ++version);
        }
    }

    /** The start and sale window of a date, as concert-service changed them; false if the date is unknown here. */
    public boolean reschedule(ScheduleChanged changed) {
        return schedules.lockById(changed.scheduleId()).map(schedule -> {
            schedule.follow(changed);
            return true;
        }).orElse(false);
    }

    /** No new holds on the date until it is reopened; false if it changed nothing (or the date is unknown). */
    public boolean closeSale(UUID scheduleId) {
        return schedules.lockById(scheduleId).map(SaleSchedule::closeSale).orElse(false);
    }

    /** Holds again inside the sale window; false if it changed nothing (a cancelled date stays cancelled). */
    public boolean reopenSale(UUID scheduleId) {
        return schedules.lockById(scheduleId).map(SaleSchedule::reopenSale).orElse(false);
    }

    /**
     * An operator cancelled the date: no more holds, and every hold and booking of it is cancelled as its owner's
     * cancellation would (seat AVAILABLE, SeatReleased, and BookingCancelled for a booking so that the wallet refunds
     * it), with reason SCHEDULE_CANCELLED, in this one transaction. The schedule row is locked first, so a hold in
     * flight either committed before (and is found here) or is refused after. A second cancellation finds nothing
     * left and announces nothing. Lock order as everywhere: reservations, then owners (sorted), then seats.
     *
     * @return the events to announce, one per ended hold and two per cancelled booking
     */
    public List<DomainEvent> cancelSchedule(UUID scheduleId, Instant now) {
        SaleSchedule schedule = schedules.lockById(scheduleId).orElse(null);
        if (schedule == null) {
            log.warn("schedule {} is unknown here; its cancellation changes nothing", scheduleId);
            return List.of();
        }
        schedule.cancel();
        List<Reservation> ending = reservations.lockOfSchedule(scheduleId,
                java.util.EnumSet.of(ReservationStatus.HELD, ReservationStatus.CONFIRMED));
        Map<UUID, Integer> changes = new TreeMap<>();
        ending.forEach(r -> changes.merge(r.userId(), 1, Integer::sum));
        Map<UUID, OwnerReleases> owners = new HashMap<>();
        changes.forEach((user, count) -> owners.put(user,
                new OwnerReleases(holds.claimOpenHoldsVersions(user, count, now), count)));
        List<DomainEvent> events = new ArrayList<>();
        for (Reservation reservation : ending) {
            Seat seat = seats.lockById(reservation.seatId()).orElse(null);
            boolean hold = reservation.status() == ReservationStatus.HELD;
            events.addAll(reservation.cancelWithSchedule(now, owners.get(reservation.userId()).next(hold)));
            if (seat == null || !seat.isTakenBy(reservation.id())) {
                // should never happen (invariant 6.1): the reservation ends (a booking is still refunded), but a seat
                // that is not its own is left alone
                log.error("reservation {} of cancelled schedule {} did not take seat {}; seat left unchanged",
                        reservation.id(), scheduleId, reservation.seatId());
                continue;
            }
            seat.follow(reservation);
        }
        return events;
    }

    /** What opening a schedule created. */
    public record Opened(boolean newSchedule, int seatsCreated) {
    }

    /** A schedule opened for sale becomes AVAILABLE seats; a replay (same or re-sent event) creates nothing. */
    public Opened open(ScheduleOpened event, Instant now) {
        boolean newSchedule = !schedules.existsById(event.scheduleId());
        if (newSchedule) {
            schedules.save(new SaleSchedule(event, now));
        }
        List<ScheduleOpened.CatalogSeat> catalog = event.seats() == null ? List.of() : event.seats();
        // a replay, or a re-announcement with fresh seat ids, creates nothing: a seat is known by its id or its number
        java.util.Set<UUID> knownIds = new java.util.HashSet<>();
        java.util.Set<Integer> knownNumbers = new java.util.HashSet<>();
        seats.findAllById(catalog.stream().map(ScheduleOpened.CatalogSeat::seatId).toList())
                .forEach(s -> knownIds.add(s.id()));
        seats.findByScheduleIdOrderBySeatNumber(event.scheduleId()).forEach(s -> {
            knownIds.add(s.id());
            knownNumbers.add(s.seatNumber());
        });
        List<Seat> created = catalog.stream()
                .filter(c -> !knownIds.contains(c.seatId()) && !knownNumbers.contains(c.seatNumber()))
                .map(c -> new Seat(c.seatId(), event.scheduleId(), c.seatNumber(), c.grade(), c.price())).toList();
        seats.saveAll(created);
        return new Opened(newSchedule, created.size());
    }
}
