package dev.concert.platform.persistence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MariaDbBehindConnectorJTest {

    @Test
    void a_mariadb_server_reported_as_mysql_5_5_5_is_recognised_with_its_real_version() {
        assertThat(MariaDbBehindConnectorJ.mariaDbVersion("5.5.5-10.11.14-MariaDB-0+deb12u2")).get()
                .satisfies(v -> {
                    assertThat(v.getDatabaseMajorVersion()).isEqualTo(10);
                    assertThat(v.getDatabaseMinorVersion()).isEqualTo(11);
                });
        assertThat(MariaDbBehindConnectorJ.mariaDbVersion("11.4.2-MariaDB")).isPresent();
    }

    @Test
    void a_mysql_server_is_left_to_hibernate() {
        assertThat(MariaDbBehindConnectorJ.mariaDbVersion("8.4.3")).isEmpty();
        assertThat(MariaDbBehindConnectorJ.mariaDbVersion(null)).isEmpty();
    }
}
