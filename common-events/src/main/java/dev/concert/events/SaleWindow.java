package dev.concert.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When a schedule's tickets are sold and when the show starts, as {@link ScheduleOpened} announces it. A date is
 * bookable while its sale is open and the show is still ahead: concert-service lists dates by this rule and
 * reservation-service takes holds by it.
 */
public record SaleWindow(Instant startsAt, Instant saleOpensAt, Instant saleClosesAt) {

    public SaleWindow {
        if (startsAt == null || saleOpensAt == null || saleClosesAt == null) {
            throw new IllegalArgumentException("startsAt, saleOpensAt and saleClosesAt are required");
        }
        // whole seconds: what the database keeps on MariaDB and MySQL alike, and what ScheduleOpened announces
        startsAt = startsAt.truncatedTo(ChronoUnit.SECONDS);
        saleOpensAt = saleOpensAt.truncatedTo(ChronoUnit.SECONDS);
        saleClosesAt = saleClosesAt.truncatedTo(ChronoUnit.SECONDS);
        if (!saleOpensAt.isBefore(saleClosesAt)) {
            throw new IllegalArgumentException("the sale must open before it closes");
        }
        if (saleClosesAt.isAfter(startsAt)) {
            throw new IllegalArgumentException("the sale must close no later than the show starts");
        }
    }

    public boolean isBookableAt(Instant now) {
        return !now.isBefore(saleOpensAt) && now.isBefore(saleClosesAt) && now.isBefore(startsAt);
    }
}
