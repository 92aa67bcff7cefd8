package dev.concert.reservation.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;
import jakarta.persistence.QueryHint;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.jpa.repository.QueryHints;
import org.springframework.data.repository.query.Param;

/** The reservation table through JPA (the hold's hot path is {@link HoldStore}); only this package writes it. */
interface ReservationStore extends JpaRepository<Reservation, UUID> {

    /** Hibernate's value of {@code jakarta.persistence.lock.timeout} for {@code SKIP LOCKED}. */
    String SKIP_LOCKED = "-2";

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT r FROM Reservation r WHERE r.id = :id")
    Optional<Reservation> lockById(@Param("id") UUID id);

    /** A date's reservations in these states, locked, in one order (so two such batches never deadlock). */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT r FROM Reservation r WHERE r.scheduleId = :schedule AND r.status IN :statuses ORDER BY r.id")
    List<Reservation> lockOfSchedule(@Param("schedule") UUID scheduleId,
                                     @Param("statuses") java.util.Collection<ReservationStatus> statuses);

    List<Reservation> findByUserIdOrderByCreatedAtDescIdAsc(UUID userId, Limit limit);

    /**
     * Holds past every deadline, locked. {@code SKIP LOCKED}: a row another instance is releasing, or that a
     * confirmation is changing right now, is left to that transaction instead of being waited for or done twice.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @QueryHints(@QueryHint(name = "jakarta.persistence.lock.timeout", value = SKIP_LOCKED))
    @Query("SELECT r FROM Reservation r WHERE " + Reservation.EXPIRED_HOLD + " ORDER BY r.expiresAt")
    List<Reservation> lockExpired(@Param("held") ReservationStatus held, @Param("now") Instant now, Limit limit);
}
