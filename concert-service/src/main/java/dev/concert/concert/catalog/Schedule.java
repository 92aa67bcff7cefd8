package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleOpened;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * One date of a concert with its sale window and the seats left. Opening it announces {@code ScheduleOpened} with the
 * seat catalog. The seats-left count is a commutative counter moved by reservation-service's hold events
 * ({@link ScheduleStore#adjustSeatsLeft}); reads clamp it to [0, total] because events of different reservations may
 * arrive in either order. {@link #BOOKABLE} is {@link SaleWindow#isBookableAt} for the list queries; a test runs both
 * over the edges of the window.
 */
@Entity
@Table(name = "concert_schedule")
public class Schedule extends AssignedIdEntity {

    /** JPQL over alias {@code s} with {@code :now}: the sale is open and the show is still ahead. */
    static final String BOOKABLE = "s.saleOpensAt <= :now AND s.saleClosesAt > :now AND s.startsAt > :now";

    @Id
    private UUID id;
    private UUID concertId;
    private Instant startsAt;
    private Instant saleOpensAt;
    private Instant saleClosesAt;
    private int totalSeats;
    private int availableSeats;
    private Instant createdAt;

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
    }

    /** A new date of {@code concert} with every seat of the catalog available. */
    static Schedule open(UUID id, Concert concert, SaleWindow window, int seats, Instant now) {
        return new Schedule(id, concert.id(), window, seats, now);
    }

    /** The announcement of this date with its seats, for reservation-service's inventory. */
    ScheduleOpened opened(Concert concert, List<ScheduleOpened.CatalogSeat> seats) {
        return new ScheduleOpened(id, concertId, concert.title(), startsAt, saleOpensAt, saleClosesAt, seats);
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
