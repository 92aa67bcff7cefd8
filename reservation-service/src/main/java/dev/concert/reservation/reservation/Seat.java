package dev.concert.reservation.reservation;

import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * One seat of a schedule's inventory. Taking it is the hot path of a sale, so that move is one conditional update
 * built from {@link SeatStatus#allowedFrom()} ({@link SeatStore#transition}); booking and releasing go through the
 * methods below on the row its reservation locked. {@code reservationId} names the hold that owns a HELD or BOOKED
 * seat.
 */
@Entity
@Table(name = "seat")
public class Seat extends AssignedIdEntity {

    @Id
    private UUID id;
    private UUID scheduleId;
    private int seatNumber;
    private String grade;
    private long price;
    @Enumerated(EnumType.STRING)
    private SeatStatus status;
    private UUID reservationId;

    protected Seat() {
    }

    Seat(UUID id, UUID scheduleId, int seatNumber, String grade, long price) {
        this.id = id;
        this.scheduleId = scheduleId;
        this.seatNumber = seatNumber;
        this.grade = grade;
        this.price = price;
        this.status = SeatStatus.AVAILABLE;
    }

    public boolean isHeldBy(UUID reservation) {
        return status == SeatStatus.HELD && reservation.equals(reservationId);
    }

    /** Held or booked by this reservation: the only reservation that may move the seat. */
    public boolean isTakenBy(UUID reservation) {
        return (status == SeatStatus.HELD || status == SeatStatus.BOOKED) && reservation.equals(reservationId);
    }

    /**
     * Moves to the seat state that goes with the reservation's new state ({@link ReservationStatus#seatStatus()}):
     * BOOKED once it is confirmed, AVAILABLE once it expired or was cancelled. Only the reservation that holds or
     * booked the seat moves it.
     */
    void follow(Reservation reservation) {
        requireTakenBy(reservation.id());
        status = status.transitionTo(reservation.status().seatStatus());
        if (status == SeatStatus.AVAILABLE) {
            reservationId = null;
        }
    }

    private void requireTakenBy(UUID reservation) {
        if (!isTakenBy(reservation)) {
            throw new IllegalStateException("seat " + id + " is not held or booked by reservation " + reservation);
        }
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public UUID scheduleId() {
        return scheduleId;
    }

    public int seatNumber() {
        return seatNumber;
    }

    public String grade() {
        return grade;
    }

    public long price() {
        return price;
    }

    public SeatStatus status() {
        return status;
    }
}
