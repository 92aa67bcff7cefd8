package dev.concert.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The catalogue of event types: wire name, schema version, record class and the topic it travels on.
 * <p>
 * Versioning rule: adding a field keeps the version (old readers ignore it, new readers see {@code null} or 0 in
 * old events); renaming, removing or re-typing a field is a new version. A consumer never skips what it cannot read: a type it does not
 * know, or a handled type in a higher version than it reads, is parked for replay after its upgrade (service-platform
 * {@code InboundEvents}).
 */
public enum EventType {
    SCHEDULE_OPENED("ScheduleOpened", 1, ScheduleOpened.class, Topics.CONCERT),
    SEAT_HELD("SeatHeld", 1, SeatHeld.class, Topics.RESERVATION),
    SEAT_RELEASED("SeatReleased", 1, SeatReleased.class, Topics.RESERVATION),
    RESERVATION_CONFIRMED("ReservationConfirmed", 1, ReservationConfirmed.class, Topics.RESERVATION),
    RESERVATION_CONFIRMATION_FAILED("ReservationConfirmationFailed", 1, ReservationConfirmationFailed.class,
            Topics.RESERVATION),
    PAYMENT_REQUESTED("PaymentRequested", 1, PaymentRequested.class, Topics.PAYMENT),
    WALLET_DEBITED("WalletDebited", 1, WalletDebited.class, Topics.WALLET),
    WALLET_DEBIT_FAILED("WalletDebitFailed", 1, WalletDebitFailed.class, Topics.WALLET),
    WALLET_REFUNDED("WalletRefunded", 1, WalletRefunded.class, Topics.WALLET),
    BOOKING_CANCELLED("BookingCancelled", 1, BookingCancelled.class, Topics.RESERVATION),
    CONCERT_CHANGED("ConcertChanged", 1, ConcertChanged.class, Topics.CONCERT),
    SCHEDULE_CHANGED("ScheduleChanged", 1, ScheduleChanged.class, Topics.CONCERT),
    SCHEDULE_SALE_CLOSED("ScheduleSaleClosed", 1, ScheduleSaleClosed.class, Topics.CONCERT),
    SCHEDULE_SALE_REOPENED("ScheduleSaleReopened", 1, ScheduleSaleReopened.class, Topics.CONCERT),
    SCHEDULE_CANCELLED("ScheduleCancelled", 1, ScheduleCancelled.class, Topics.CONCERT);

    private final String wireName;
    private final int version;
    private final Class<? extends DomainEvent> recordClass;
    private final String topic;

    EventType(String wireName, int version, Class<? extends DomainEvent> recordClass, String topic) {
        this.wireName = wireName;
        this.version = version;
        this.recordClass = recordClass;
        this.topic = topic;
    }

    public String wireName() {
        return wireName;
    }

    public int version() {
        return version;
    }

    public Class<? extends DomainEvent> recordClass() {
        return recordClass;
    }

    public String topic() {
        return topic;
    }

    public static EventType of(DomainEvent event) {
        return Arrays.stream(values()).filter(t -> t.recordClass == event.getClass()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unregistered event " + event.getClass()));
    }

    public static Optional<EventType> byWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
