package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.ScheduleOpened;

import dev.concert.platform.persistence.AssignedIdEntity;

/** A schedule as learned from {@code ScheduleOpened}: only what holds need, its sale window. */
@Entity
@Table(name = "schedule")
public class SaleSchedule extends AssignedIdEntity {

    @Id
    private UUID id;
    private UUID concertId;
    private Instant startsAt;
    private Instant saleOpensAt;
    private Instant saleClosesAt;
    private Instant openedAt;

    protected SaleSchedule() {
    }

    SaleSchedule(ScheduleOpened opened, Instant now) {
        this.id = opened.scheduleId();
        this.concertId = opened.concertId();
        this.startsAt = opened.startsAt();
        this.saleOpensAt = opened.saleOpensAt();
        this.saleClosesAt = opened.saleClosesAt();
        this.openedAt = now;
    }

    /** When the show starts: a booking can be cancelled until then. */
    public Instant startsAt() {
        return startsAt;
    }

    @Override
    public UUID getId() {
        return id;
    }
}
