package dev.concert.queue.expiry;

import java.time.Instant;

import dev.concert.events.EventCodec;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.messaging.EventHandlers;
import dev.concert.platform.messaging.InboundEvents;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * {@code ReservationConfirmed} ends the user's visit at once (saga step 7). Skipping other types, dead letters for
 * records that are not events and bounded retries (a Redis outage) are the platform's.
 * <p>
 * The booking time is the envelope's {@code occurredAt}, not the time of consumption: expire-booked.lua ends the
 * user's live token only if it was issued before the booking, and with the consumption time any late delivery (a
 * redelivery after a rebalance, a relay resend, a dead letter replayed, a new consumer group reading the topic from
 * the start) would end whatever visit the user has now. EventHandlers hands a handler only the event, so the
 * listener keeps the record it consumes for the handler, on this thread.
 */
@Component
class ReservationEvents extends EventConsumer {

    private static final ThreadLocal<ConsumerRecord<String, String>> CONSUMING = new ThreadLocal<>();

    ReservationEvents(InboundEvents inbound, EventCodec codec, Expiry expiry) {
        super(inbound, EventHandlers.of(Participant.QUEUE.serviceName())
                .on(ReservationConfirmed.class, confirmed ->
                        expiry.bookingConfirmed(confirmed.userId(), occurredAt(codec)))
                .build());
    }

    @KafkaListener(topics = "#{__listener.topics()}", groupId = "${spring.kafka.consumer.group-id}")
    void on(ConsumerRecord<String, String> record) {
        CONSUMING.set(record);
        try {
            consume(record);
        } finally {
            CONSUMING.remove();
        }
    }

    /** Read again only for the one type handled here: most records on the topic are skipped before this. */
    private static Instant occurredAt(EventCodec codec) {
        return codec.fromJson(CONSUMING.get().value()).occurredAt();
    }
}
