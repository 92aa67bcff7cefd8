package dev.concert.queue;

import java.util.List;

import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.testing.SagaContract;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** This service does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
class SagaParticipationIT extends QueueServiceIntegrationTest {

    @Autowired
    List<EventConsumer> consumers;

    @Test
    void its_consumers_handle_exactly_the_events_of_its_saga_steps() {
        SagaContract.assertHandles(Participant.QUEUE, consumers);
    }

    @Test
    void it_creates_exactly_the_events_its_saga_steps_announce() {
        SagaContract.assertPublishes(Participant.QUEUE, "dev.concert.queue");
    }
}
