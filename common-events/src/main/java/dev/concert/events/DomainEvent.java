package dev.concert.events;

/**
 * A fact that happened in one service and that other services react to.
 * <p>
 * {@link #key()} is the Kafka partition key: every event of one reservation's saga uses the reservation id,
 * so the events of one saga stay ordered on one partition.
 */
public sealed interface DomainEvent permits ScheduleOpened, SeatHeld, SeatReleased, PaymentRequested, WalletDebited,
        WalletDebitFailed, ReservationConfirmed, ReservationConfirmationFailed, WalletRefunded, BookingCancelled,
        ConcertChanged, ScheduleChanged, ScheduleSaleClosed, ScheduleSaleReopened, ScheduleCancelled {

    String key();
}
