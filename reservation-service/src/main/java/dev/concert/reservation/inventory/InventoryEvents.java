package dev.concert.reservation.inventory;

import java.util.List;

import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** The catalog's events: the one consumer of concert.events here, so every type it carries is registered here. */
@Component
class InventoryEvents extends EventConsumer {

    InventoryEvents(InboundEvents inbound, ScheduleInventory inventory) {
        super(inbound, EventHandlers.of(Participant.RESERVATION.serviceName())
                .on(ScheduleOpened.class, inventory::open)
                .on(ScheduleChanged.class, inventory::reschedule)
                .on(ScheduleSaleClosed.class, inventory::closeSale)
                .on(ScheduleSaleReopened.class, inventory::reopenSale)
                .on(ScheduleCancelled.class, inventory::cancel)
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
