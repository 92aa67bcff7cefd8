package dev.concert.payment.payment;

import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.LockModeType;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** The payment table; only this package writes it. */
interface PaymentStore extends JpaRepository<Payment, UUID> {

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT p FROM Payment p WHERE p.paymentId = :id")
    Optional<Payment> lockById(@Param("id") UUID paymentId);

    Optional<Payment> findByUserIdAndIdempotencyKey(UUID userId, String idempotencyKey);

    /** The PENDING or COMPLETED payment of a reservation, if any. */
    Optional<Payment> findByLiveReservationId(UUID reservationId);
}
