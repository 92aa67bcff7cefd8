package dev.concert.reservation.reservation;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The seat table; only this package writes it. */
interface SeatStore extends JpaRepository<Seat, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM Seat s WHERE s.id = :id")
    Optional<Seat> lockById(@Param("id") UUID id);

    List<Seat> findByScheduleIdOrderBySeatNumber(UUID scheduleId);

    /**
     * A seat's move as one conditional update: of any number of concurrent callers (on any instance) exactly one
     * finds the seat in a state {@code from} and moves it; the row lock decides, nothing is read first. Callers pass
     * {@code to.allowedFrom()}, so the statement cannot drift from {@link SeatStatus}.
     */
    @Modifying
    @Query("UPDATE Seat s SET s.status = :to, s.reservationId = :reservation WHERE s.id = :id AND s.status IN :from")
    int transition(@Param("id") UUID seatId, @Param("from") Collection<SeatStatus> from, @Param("to") SeatStatus to,
                   @Param("reservation") UUID reservationId);

    @Query("SELECT s, sc FROM Seat s JOIN SaleSchedule sc ON sc.id = s.scheduleId WHERE s.id = :id")
    List<Object[]> findWithSchedule(@Param("id") UUID seatId);
}
