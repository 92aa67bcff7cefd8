package dev.concert.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The shipped placeholder secrets stop identity-service's start, naming the setting. Milliseconds, no database. */
class PlaceholderSecretTest {

    private static ApplicationContextRunner withDatabasePassword(String password) {
        return new ApplicationContextRunner()
                .withBean(PlaceholderSecret.DatabasePasswordCheck.class)
                .withBean("dataSource", HikariDataSource.class, () -> {
                    HikariDataSource pool = new HikariDataSource(); // lazy: connects on first use only
                    pool.setJdbcUrl("jdbc:mysql://127.0.0.1:1/none");
                    pool.setPassword(password);
                    return pool;
                });
    }

    @Test
    void the_shipped_placeholder_database_password_fails_start_up_naming_DB_PASSWORD() {
        withDatabasePassword("change-me").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("DB_PASSWORD").hasMessageContaining("placeholder");
        });
        withDatabasePassword("a-real-one-from-the-secret-manager").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void any_value_with_the_marker_is_refused_and_the_message_never_repeats_it() {
        assertThatThrownBy(() -> PlaceholderSecret.refuse("ADMIN_KEY", "CHANGE-ME-before-going-live"))
                .hasMessageStartingWith("ADMIN_KEY still has the shipped placeholder value")
                .hasMessageNotContaining("going-live");
        assertThat(PlaceholderSecret.refuse("DB_PASSWORD", "")).isEmpty();
    }
}
