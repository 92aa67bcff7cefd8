package dev.concert.reservation.reservation;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The schedule table (sale windows learned from ScheduleOpened and later changes); only this package writes it. */
interface SaleScheduleStore extends JpaRepository<SaleSchedule, UUID> {

    /** Locked until the transaction ends: a hold in flight ({@link HoldStore#lockSaleStatus}) finishes first. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM SaleSchedule s WHERE s.id = :id")
    Optional<SaleSchedule> lockById(@Param("id") UUID id);
}
