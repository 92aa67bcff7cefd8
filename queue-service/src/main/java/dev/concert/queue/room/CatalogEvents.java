package dev.concert.queue.room;

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

/**
 * Rooms follow the catalog: a schedule that goes on sale gets its room, opening at the sale's opening; the room's
 * opening follows a moved sale opening until the room opens; a closed or cancelled sale pauses it and stops
 * newcomers, a reopened one resumes it (docs/saga.md, steps S). Idempotent (a room that exists, perhaps set up by an
 * operator, is left as it is; each change sets a state rather than toggling one), so no inbox.
 */
@Component
class CatalogEvents extends EventConsumer {

    CatalogEvents(InboundEvents inbound, Rooms rooms) {
        super(inbound, EventHandlers.of(Participant.QUEUE.serviceName())
                .on(ScheduleOpened.class, opened -> rooms.saleAnnounced(opened.scheduleId(), opened.saleOpensAt()))
                .on(ScheduleChanged.class, changed -> rooms.saleMoved(changed.scheduleId(), changed.saleOpensAt()))
                .on(ScheduleSaleClosed.class, closed -> rooms.saleStopped(closed.scheduleId(), RoomClosure.SALE_CLOSED))
                .on(ScheduleSaleReopened.class, reopened -> rooms.saleReopened(reopened.scheduleId()))
                .on(ScheduleCancelled.class, cancelled -> rooms.saleStopped(cancelled.scheduleId(), RoomClosure.CANCELLED))
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}", batch = "true")
    void on(List<ConsumerRecord<String, String>> records) {
        consume(records);
    }
}
