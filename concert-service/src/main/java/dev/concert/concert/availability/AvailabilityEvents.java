package dev.concert.concert.availability;

import java.util.List;

import dev.concert.events.SeatHeld;
import dev.concert.events.SeatReleased;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** reservation-service's hold events drive the seats-left count ({@link SeatsLeft}). */
@Component
class AvailabilityEvents extends EventConsumer {

    AvailabilityEvents(InboundEvents inbound, SeatsLeft seatsLeft) {
        super(inbound, EventHandlers.of(Participant.CONCERT.serviceName())
                .on(SeatHeld.class, seatsLeft::onSeatHeld)
                .on(SeatReleased.class, seatsLeft::onSeatReleased)
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
