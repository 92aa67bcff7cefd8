package dev.concert.queue.room;

import dev.concert.events.ScheduleOpened;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Rooms follow the catalog: a schedule that goes on sale gets its room, opening at the sale's opening. Idempotent
 * (a room that exists, perhaps set up by an operator, is left as it is), so no inbox.
 */
@Component
class CatalogEvents extends EventConsumer {

    CatalogEvents(InboundEvents inbound, Rooms rooms) {
        super(inbound, EventHandlers.of(Participant.QUEUE.serviceName())
                .on(ScheduleOpened.class, opened -> rooms.saleAnnounced(opened.scheduleId(), opened.saleOpensAt()))
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        consume(record);
    }
}
