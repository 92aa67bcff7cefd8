package dev.concert.concert.availability;

import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.Topics;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code availableSeats} in step with reservation-service: SeatHeld -1, SeatReleased +1, ReservationConfirmed
 * nothing (HELD -> BOOKED keeps the seat taken). Each event counts once (InboundEvents) and each reservation at most
 * once each way (seat_hold_projection); events of different reservations of one seat may arrive in any order.
 */
@Component
class AvailabilityEvents {

    private static final Logger log = LoggerFactory.getLogger(AvailabilityEvents.class);

    private final InboundEvents inbound;
    private final AvailabilityRepository availability;

    AvailabilityEvents(InboundEvents inbound, AvailabilityRepository availability) {
        this.inbound = inbound;
        this.availability = availability;
    }

    @KafkaListener(topics = {Topics.RESERVATION}, groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        inbound.accept("concert-service", record, event -> {
            switch (event) {
                case SeatHeld e -> {
                    if (!availability.seatTaken(e.scheduleId(), e.reservationId())) {
                        log.warn("SeatHeld for schedule {} changed no count (unknown schedule or a replayed hold)",
                                e.scheduleId());
                    }
                }
                case SeatReleased e -> {
                    if (!availability.seatReturned(e.scheduleId(), e.reservationId())) {
                        log.warn("SeatReleased for schedule {} changed no count (its hold was never counted)",
                                e.scheduleId());
                    }
                }
                default -> {
                }
            }
        });
    }
}
