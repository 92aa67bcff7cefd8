package dev.concert.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest
@ActiveProfiles("test")
class ReservationServiceApplicationIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1").query(Long.class).single())
                .isPositive();
    }
}
