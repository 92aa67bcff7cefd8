package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.testing.SagaContract;
import dev.concert.testing.ServiceHttp;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

class ConcertServiceApplicationIT extends ConcertIntegrationTest {

    @Autowired
    List<EventConsumer> consumers;

    @LocalManagementPort
    int managementPort;

    /** It does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
    @Test
    void takes_part_in_the_saga_exactly_as_the_saga_table_says() {
        SagaContract.assertParticipates(Participant.CONCERT, consumers, "dev.concert.concert");
    }

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive();
        assertThat(new ServiceHttp(managementPort).get("/actuator/health", Map.of()).status()).isEqualTo(200);
    }

    @Test
    void the_actuator_is_on_the_management_port_only_and_the_api_document_describes_the_public_api_only() {
        assertThat(getAnonymously("/actuator/health").status()).isEqualTo(404);

        Response document = getAnonymously("/v3/api-docs");

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("paths").propertyNames()).as("no /admin/** in what the gateway serves")
                .isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
    }
}
