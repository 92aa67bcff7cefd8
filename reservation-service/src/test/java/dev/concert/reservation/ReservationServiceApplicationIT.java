package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReservationServiceApplicationIT extends ReservationIntegrationTest {

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive();
        assertThat(get("/actuator/health", null).status()).isEqualTo(200);
    }

    @Test
    void business_counters_are_exposed_for_prometheus() {
        Response metrics = get("/actuator/metrics/reservation.holds", null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(get("/actuator/metrics/reservation.releases", null).status()).isEqualTo(200);
        assertThat(get("/actuator/metrics/reservation.confirmations", null).status()).isEqualTo(200);
    }
}
