package dev.concert.wallet;

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
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@WalletServiceTest
class WalletServiceApplicationIT {

    @Autowired
    List<EventConsumer> consumers;

    /** It does what the saga table (common-events' ReservationSaga) says it does, no more and no less. */
    @Test
    void takes_part_in_the_saga_exactly_as_the_saga_table_says() {
        SagaContract.assertParticipates(Participant.WALLET, consumers, "dev.concert.wallet");
    }

    @Autowired
    JdbcClient jdbc;

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet").query(Long.class).single()).isNotNegative();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet_ledger").query(Long.class).single()).isNotNegative();
    }

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void the_actuator_is_on_the_management_port_only_and_the_api_document_describes_the_public_api_only() {
        assertThat(new ServiceHttp(port).get("/actuator/health", Map.of()).status()).isEqualTo(404);
        assertThat(new ServiceHttp(managementPort).get("/actuator/health/readiness", Map.of()).status())
                .isEqualTo(200);

        ServiceHttp.Reply document = new ServiceHttp(port).get("/v3/api-docs", Map.of());

        assertThat(document.status()).isEqualTo(200);
        assertThat(document.body().path("paths").propertyNames()).as("no /internal/** in what the gateway serves")
                .isNotEmpty().allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
    }
}
