package dev.concert.platform.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The shipped placeholder as the database password stops the start before any connection is tried. */
class DatabasePasswordCheckTest {

    private static ApplicationContextRunner withPassword(String password) {
        return new ApplicationContextRunner()
                .withBean(DatabasePasswordCheck.class)
                .withBean("dataSource", HikariDataSource.class, () -> {
                    HikariDataSource pool = new HikariDataSource(); // lazy: connects on first use only
                    // nothing listens there: a start that got past the check would fail differently
                    pool.setJdbcUrl("jdbc:mysql://127.0.0.1:1/none");
                    pool.setUsername("concert_service");
                    pool.setPassword(password);
                    return pool;
                });
    }

    @Test
    void the_shipped_placeholder_password_fails_start_up_naming_DB_PASSWORD() {
        withPassword("change-me").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DB_PASSWORD").hasMessageContaining("placeholder");
        });
    }

    @Test
    void a_real_password_starts() {
        withPassword("s3cret-from-the-secret-manager").run(context -> assertThat(context).hasNotFailed());
    }
}
