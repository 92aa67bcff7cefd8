package dev.concert.concert;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConcertServiceApplicationIT extends ConcertIntegrationTest {

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1")).isPositive();
        assertThat(get("/actuator/health").status()).isEqualTo(200);
    }
}
