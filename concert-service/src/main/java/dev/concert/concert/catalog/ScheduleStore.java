package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The concert_schedule table; only this package writes it. */
interface ScheduleStore extends JpaRepository<Schedule, UUID> {

    /** The date, locked until the transaction ends: operators' changes of one date go one after another. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM Schedule s WHERE s.id = :id")
    Optional<Schedule> lockById(@Param("id") UUID scheduleId);

    boolean existsByConcertIdAndStartsAt(UUID concertId, Instant startsAt);

    @Query("SELECT s FROM Schedule s WHERE s.concertId = :concert AND " + Schedule.BOOKABLE + " ORDER BY s.startsAt")
    List<Schedule> bookable(@Param("concert") UUID concertId, @Param("now") Instant now);

    /** The counter moves by a delta, so holds and releases of different reservations commute. */
    @Modifying
    @Query("UPDATE Schedule s SET s.availableSeats = s.availableSeats + :delta WHERE s.id = :id")
    int adjustSeatsLeft(@Param("id") UUID scheduleId, @Param("delta") int delta);
}
