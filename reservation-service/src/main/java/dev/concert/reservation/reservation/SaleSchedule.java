package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.SaleWindow;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;

import dev.concert.platform.persistence.AssignedIdEntity;

/**
 * A schedule as learned from {@code ScheduleOpened} and the operator's changes after it (docs/saga.md, steps S): only
 * what holds need, its sale window and whether an operator closed or cancelled its sale. Each change applies an event
 * and says whether it changed anything; a cancelled date stays cancelled whatever comes after.
 */
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
    @Enumerated(EnumType.STRING)
    private SaleStatus saleStatus;

    protected SaleSchedule() {
    }

    SaleSchedule(ScheduleOpened opened, Instant now) {
        this.id = opened.scheduleId();
        this.concertId = opened.concertId();
        this.startsAt = opened.startsAt();
        this.saleOpensAt = opened.saleOpensAt();
        this.saleClosesAt = opened.saleClosesAt();
        this.openedAt = now;
        this.saleStatus = SaleStatus.ON_SALE;
    }

    /** The start and sale window as concert-service changed them. */
    void follow(ScheduleChanged changed) {
        startsAt = changed.startsAt();
        saleOpensAt = changed.saleOpensAt();
        saleClosesAt = changed.saleClosesAt();
    }

    /** ON_SALE → SALE_CLOSED; false if it was closed or cancelled already. */
    boolean closeSale() {
        return move(SaleStatus.ON_SALE, SaleStatus.SALE_CLOSED);
    }

    /** SALE_CLOSED → ON_SALE; false otherwise (a cancelled date is never reopened). */
    boolean reopenSale() {
        return move(SaleStatus.SALE_CLOSED, SaleStatus.ON_SALE);
    }

    /** → CANCELLED, for good; false if it was cancelled already. */
    boolean cancel() {
        if (saleStatus == SaleStatus.CANCELLED) {
            return false;
        }
        saleStatus = saleStatus.transitionTo(SaleStatus.CANCELLED);
        return true;
    }

    private boolean move(SaleStatus from, SaleStatus to) {
        if (saleStatus != from) {
            return false;
        }
        saleStatus = saleStatus.transitionTo(to);
        return true;
    }

    /** Holds may be taken at {@code now}: not closed or cancelled, and inside its sale window. */
    public boolean isOnSaleAt(Instant now) {
        return saleStatus == SaleStatus.ON_SALE && new SaleWindow(startsAt, saleOpensAt, saleClosesAt).isBookableAt(now);
    }

    public SaleStatus saleStatus() {
        return saleStatus;
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
