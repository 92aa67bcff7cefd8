package dev.concert.payment;

import java.util.List;

import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.platform.testing.SagaContract;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** This service does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
@PaymentServiceTest
class SagaParticipationIT {

    @Autowired
    List<EventConsumer> consumers;

    @Test
    void its_consumers_handle_exactly_the_events_of_its_saga_steps() {
        SagaContract.assertHandles(Participant.PAYMENT, consumers);
    }

    @Test
    void it_creates_exactly_the_events_its_saga_steps_announce() {
        SagaContract.assertPublishes(Participant.PAYMENT, "dev.concert.payment");
    }
}
