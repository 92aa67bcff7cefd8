package dev.concert.concert.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.concert.platform.admin.AdminKey;

import org.junit.jupiter.api.Test;

/** The admin key's start-up rule, without a server (the HTTP rules: AdminApiIT). */
class AdminKeyTest {

    @Test
    void the_shipped_placeholder_key_refuses_to_start_naming_ADMIN_KEY() {
        // infra/k8s/base/config.yaml ships ADMIN_KEY: change-me
        assertThatThrownBy(() -> new AdminWebConfiguration("change-me")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ADMIN_KEY").hasMessageContaining("placeholder");
        assertThatThrownBy(() -> new AdminKey("ADMIN_KEY (concert.admin.key)", "Change-Me-Later")).hasMessageContaining("ADMIN_KEY");
    }

    @Test
    void a_real_key_the_local_development_key_and_no_key_start() {
        assertThat(new AdminKey("ADMIN_KEY (concert.admin.key)", "Zq0m3y1W8kqfXv9b2Lr7uP4s")).isNotNull();
        assertThat(new AdminKey("ADMIN_KEY (concert.admin.key)", "local-admin-key")).isNotNull(); // application-local.yml
        assertThat(new AdminKey("ADMIN_KEY (concert.admin.key)", "")).isNotNull();                // admin API closed
        assertThat(new AdminKey("ADMIN_KEY (concert.admin.key)", null)).isNotNull();
    }
}
