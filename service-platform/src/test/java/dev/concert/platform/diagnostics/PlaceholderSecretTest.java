package dev.concert.platform.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlaceholderSecretTest {

    @Test
    void the_shipped_placeholders_are_refused_naming_the_setting_but_not_the_value() {
        String[] shippedValues = {"change-me", "change-me-to-at-least-32-random-characters", "CHANGE-ME-too"};
        for (String shipped : shippedValues) {
            assertThatThrownBy(() -> PlaceholderSecret.refuse("ADMIN_KEY", shipped))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("ADMIN_KEY still has the shipped placeholder value");
        }
        assertThatThrownBy(() -> PlaceholderSecret.refuse("QUEUE_TOKEN_SECRET",
                "change-me-to-at-least-32-random-characters"))
                .hasMessageNotContaining("random-characters");
    }

    @Test
    void real_empty_and_local_development_values_pass() {
        String real = "Zq0m3y1W8kqfXv9b2Lr7uP4s";
        assertThat(PlaceholderSecret.refuse("ADMIN_KEY", real)).isEqualTo(real);
        assertThat(PlaceholderSecret.refuse("DB_PASSWORD", "")).isEmpty();
        assertThat(PlaceholderSecret.refuse("DB_PASSWORD", null)).isNull();
        // the 'local' profile's values (application-local.yml) and the local scripts' database passwords
        assertThat(PlaceholderSecret.isPlaceholder("local-admin-key")).isFalse();
        assertThat(PlaceholderSecret.isPlaceholder("local-development-secret-not-for-production-use")).isFalse();
        // only the manifests' marker counts, not every word that looks like it
        assertThat(PlaceholderSecret.isPlaceholder("changeme")).isFalse();
    }

    @Test
    void the_start_up_failure_reads_as_what_to_set() {
        Throwable failure = new org.springframework.beans.factory.BeanCreationException("dataSource",
                "could not create", catchRefusal());
        var analysis = new PlaceholderSecret.Analyzer().analyze(failure);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("DB_PASSWORD is the shipped placeholder");
        assertThat(analysis.getAction()).startsWith("Set DB_PASSWORD to a real secret");
        assertThat(new PlaceholderSecret.Analyzer().analyze(new IllegalStateException("other"))).isNull();
    }

    private static PlaceholderSecret.Refused catchRefusal() {
        try {
            PlaceholderSecret.refuse("DB_PASSWORD", "change-me");
        } catch (PlaceholderSecret.Refused refused) {
            return refused;
        }
        throw new AssertionError("not refused");
    }
}
