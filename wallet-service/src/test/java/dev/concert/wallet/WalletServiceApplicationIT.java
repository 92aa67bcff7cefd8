package dev.concert.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@WalletServiceTest
class WalletServiceApplicationIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void boots_against_its_own_database_with_migrations_applied() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1").query(Long.class).single())
                .isPositive();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet").query(Long.class).single()).isNotNegative();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM wallet_ledger").query(Long.class).single()).isNotNegative();
    }
}
