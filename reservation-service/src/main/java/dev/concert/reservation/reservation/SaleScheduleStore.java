package dev.concert.reservation.reservation;

import java.util.UUID;

import org.springframework.data.jpa.repository.JpaRepository;

/** The schedule table (sale windows learned from ScheduleOpened); only this package writes it. */
interface SaleScheduleStore extends JpaRepository<SaleSchedule, UUID> {
}
