package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The concert table; only this package writes it. */
interface ConcertStore extends JpaRepository<Concert, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT c FROM Concert c WHERE c.id = :id")
    Optional<Concert> lockById(@Param("id") UUID concertId);

    /** Concerts with at least one bookable date, soonest first. */
    @Query("SELECT new dev.concert.concert.catalog.Catalog$ConcertSummary(c.id, c.title, c.venue, COUNT(s),"
            + " MIN(s.startsAt)) FROM Concert c JOIN Schedule s ON s.concertId = c.id WHERE " + Schedule.BOOKABLE
            + " GROUP BY c.id, c.title, c.venue ORDER BY MIN(s.startsAt), c.title")
    List<Catalog.ConcertSummary> bookable(@Param("now") Instant now);
}
