package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import dev.concert.events.saga.Participant;
import dev.concert.platform.messaging.EventConsumer;
import dev.concert.testing.SagaContract;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

class ReservationServiceApplicationIT extends ReservationIntegrationTest {

    @Autowired
    List<EventConsumer> consumers;

    @LocalManagementPort
    int managementPort;

    /** It does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
    @Test
    void takes_part_in_the_saga_exactly_as_the_saga_table_says() {
        SagaContract.assertParticipates(Participant.RESERVATION, consumers, "dev.concert.reservation");
    }

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive();
        assertThat(get(managementPort, "/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void the_actuator_is_on_the_management_port_only_and_the_api_document_describes_the_public_api_only() {
        assertThat(get("/actuator/health", null).status()).isEqualTo(404);
        assertThat(get("/actuator/parked", null).status()).isEqualTo(404);
        assertThat(get(managementPort, "/actuator/parked", null).status()).isEqualTo(200);

        Response document = get("/v3/api-docs", null);

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("paths").propertyNames()).as("no /internal/** in what the gateway serves")
                .isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
    }

    @Test
    void requests_are_timed_without_a_long_task_timer_each() {
        get("/api/v1/reservations", null);

        assertThat(get(managementPort, "/actuator/metrics/http.server.requests", null).status()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/metrics/http.server.requests.active", null).status())
                .as("platform-defaults.yml: management.metrics.observations.ignored-meters").isEqualTo(404);
    }

    @Test
    void the_api_document_describes_no_parameter_the_access_token_or_the_gateway_fills_in() {
        JsonNode paths = get("/v3/api-docs", null).body().path("paths");

        // the caller (SignedInUser) and the waiting room (X-Queue-Room, QueueRoom) are not for clients to send
        assertThat(parameters(paths.path("/api/v1/reservations").path("post"))).isEmpty();
        assertThat(parameters(paths.path("/api/v1/schedules/{scheduleId}/seats").path("get")))
                .containsExactly("path scheduleId");
        assertThat(parameters(paths.path("/api/v1/reservations").path("get"))).containsExactly("query limit");
    }

    private static List<String> parameters(JsonNode operation) {
        assertThat(operation.isMissingNode()).as("operation described").isFalse();
        List<String> parameters = new ArrayList<>();
        operation.path("parameters").forEach(p -> parameters.add(p.path("in").asString() + " "
                + p.path("name").asString()));
        return parameters;
    }

    @Test
    void business_counters_are_exposed_for_prometheus() {
        Response metrics = get(managementPort, "/actuator/metrics/reservation.holds", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/metrics/reservation.releases", null).status()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/metrics/reservation.confirmations", null).status()).isEqualTo(200);
        assertThat(get(managementPort, "/actuator/metrics/reservation.cancellations", null).status()).isEqualTo(200);
    }
}
