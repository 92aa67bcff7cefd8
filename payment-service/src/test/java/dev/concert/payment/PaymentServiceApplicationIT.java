package dev.concert.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.testing.SagaContract;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PaymentServiceTest
class PaymentServiceApplicationIT {

    @Autowired
    List<EventConsumer> consumers;

    /** It does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
    @Test
    void takes_part_in_the_saga_exactly_as_the_saga_table_says() {
        SagaContract.assertParticipates(Participant.PAYMENT, consumers, "dev.concert.payment");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM payment").query(Long.class).single()).isNotNegative();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reservation_view").query(Long.class).single()).isNotNegative();
    }
}
