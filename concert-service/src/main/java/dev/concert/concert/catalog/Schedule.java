package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.concert.catalog.ScheduleChangeRefused.Reason;
import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * One date of a concert with its sale window and the seats left. Opening it announces {@code ScheduleOpened} with the
 * seat catalog. The seats-left count is a commutative counter moved by reservation-service's hold events
 * ({@link ScheduleStore#adjustSeatsLeft}); reads clamp it to [0, total] because events of different reservations may
 * arrive in either order. {@link #BOOKABLE} is {@link #isBookableAt} for the list queries; a test runs both over the
 * edges of the window and every status.
 * <p>
 * An operator changes a date through its methods (docs/saga.md, steps S): each checks the current state, changes it
 * and returns the event to announce, empty when the date is as asked already (a repeated request changes and
 * announces nothing), and throws {@link ScheduleChangeRefused} on an illegal move.
 */
@Entity
@Table(name = "concert_schedule")
public class Schedule extends AssignedIdEntity {

    /** JPQL over alias {@code s} with {@code :now}: the sale is open and the show is still ahead. */
    static final String BOOKABLE = "s.status = dev.concert.concert.catalog.ScheduleStatus.SCHEDULED"
            + " AND s.saleOpensAt <= :now AND s.saleClosesAt > :now AND s.startsAt > :now";

    @Id
    private UUID id;
    private UUID concertId;
    private Instant startsAt;
    private Instant saleOpensAt;
    private Instant saleClosesAt;
    private int totalSeats;
    private int availableSeats;
    private Instant createdAt;
    @Enumerated(EnumType.STRING)
    private ScheduleStatus status;

    protected Schedule() {
    }

    private Schedule(UUID id, UUID concertId, SaleWindow window, int seats, Instant now) {
        this.id = id;
        this.concertId = concertId;
        this.startsAt = window.startsAt();
        this.saleOpensAt = window.saleOpensAt();
        this.saleClosesAt = window.saleClosesAt();
        this.totalSeats = seats;
        this.availableSeats = seats;
        this.createdAt = now;
        this.status = ScheduleStatus.SCHEDULED;
    }

    /** A new date of {@code concert} with every seat of the catalog available. */
    static Schedule open(UUID id, Concert concert, SaleWindow window, int seats, Instant now) {
        return new Schedule(id, concert.id(), window, seats, now);
    }

    /** The announcement of this date with its seats, for reservation-service's inventory. */
    ScheduleOpened opened(Concert concert, List<ScheduleOpened.CatalogSeat> seats) {
        return new ScheduleOpened(id, concertId, concert.title(), startsAt, saleOpensAt, saleClosesAt, seats);
    }

    /** On sale at {@code now}: not closed or cancelled by an operator, and inside its sale window. */
    public boolean isBookableAt(Instant now) {
        return status == ScheduleStatus.SCHEDULED && saleWindow().isBookableAt(now);
    }

    /**
     * A new start and sale window, while the show is still ahead: moving a show that took place into the future would
     * let it be cancelled, its bookings refunded and its seats sold again. The opening cannot move once the sale has
     * opened (its waiting room has drawn its order by then); the new start must be ahead too. Empty when the window is
     * as given already.
     */
    public Optional<ScheduleChanged> reschedule(SaleWindow window, Instant now) {
        refuseIfCancelled("changed");
        if (!now.isBefore(startsAt)) {
            throw new ScheduleChangeRefused(Reason.SCHEDULE_STARTED, "the show of schedule " + id + " started at "
                    + startsAt + "; it cannot be changed any more");
        }
        if (!window.startsAt().isAfter(now)) {
            throw new ScheduleChangeRefused(Reason.INVALID_SCHEDULE, "startsAt must be in the future");
        }
        if (window.equals(saleWindow())) {
            return Optional.empty();
        }
        if (!window.saleOpensAt().equals(saleOpensAt) && !now.isBefore(saleOpensAt)) {
            throw new ScheduleChangeRefused(Reason.SALE_ALREADY_OPEN, "the sale of schedule " + id + " opened at "
                    + saleOpensAt + "; its opening cannot move any more");
        }
        startsAt = window.startsAt();
        saleOpensAt = window.saleOpensAt();
        saleClosesAt = window.saleClosesAt();
        return Optional.of(new ScheduleChanged(id, concertId, startsAt, saleOpensAt, saleClosesAt));
    }

    /** SCHEDULED → SALE_CLOSED: off sale whatever its window says. Empty if closed already. */
    public Optional<ScheduleSaleClosed> closeSale() {
        refuseIfCancelled("closed");
        if (status == ScheduleStatus.SALE_CLOSED) {
            return Optional.empty();
        }
        status = status.transitionTo(ScheduleStatus.SALE_CLOSED);
        return Optional.of(new ScheduleSaleClosed(id, concertId));
    }

    /** SALE_CLOSED → SCHEDULED: its sale window rules again. Empty if it was not closed. */
    public Optional<ScheduleSaleReopened> reopenSale() {
        refuseIfCancelled("reopened");
        if (status == ScheduleStatus.SCHEDULED) {
            return Optional.empty();
        }
        status = status.transitionTo(ScheduleStatus.SCHEDULED);
        return Optional.of(new ScheduleSaleReopened(id, concertId));
    }

    /**
     * SCHEDULED or SALE_CLOSED → CANCELLED, for good, while the show is still ahead (after it, cancelling would
     * refund a show that took place). Empty if cancelled already.
     */
    public Optional<ScheduleCancelled> cancel(Instant now) {
        if (status == ScheduleStatus.CANCELLED) {
            return Optional.empty();
        }
        if (!now.isBefore(startsAt)) {
            throw new ScheduleChangeRefused(Reason.SCHEDULE_STARTED, "the show of schedule " + id + " started at "
                    + startsAt + "; it cannot be cancelled any more");
        }
        status = status.transitionTo(ScheduleStatus.CANCELLED);
        return Optional.of(new ScheduleCancelled(id, concertId));
    }

    private void refuseIfCancelled(String change) {
        if (status == ScheduleStatus.CANCELLED) {
            throw new ScheduleChangeRefused(Reason.SCHEDULE_CANCELLED,
                    "schedule " + id + " is cancelled; it cannot be " + change);
        }
    }

    public ScheduleStatus status() {
        return status;
    }

    public SaleWindow saleWindow() {
        return new SaleWindow(startsAt, saleOpensAt, saleClosesAt);
    }

    /** Seats left as users should see it: never below 0 nor above the catalog while events are in flight. */
    public int seatsLeft() {
        return Math.min(Math.max(availableSeats, 0), totalSeats);
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public UUID concertId() {
        return concertId;
    }

    public int totalSeats() {
        return totalSeats;
    }
}
