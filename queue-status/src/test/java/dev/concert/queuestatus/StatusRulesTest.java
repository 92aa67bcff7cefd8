package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class StatusRulesTest {

    private static final StatusRules RULES = new StatusRules(250, Duration.ofMinutes(10), 12.5,
            Duration.ofSeconds(60), new StatusRules.Polling(1, 30, 20, 1000, 10, 15, 60));

    @Test
    void published_rules_read_back_as_they_were() {
        assertThat(StatusRules.decode(RULES.encode())).contains(RULES);
    }

    @Test
    void the_published_form_is_readable_text() {
        assertThat(RULES.encode()).startsWith("v=1;capacity=250;idleTimeoutMs=600000;admissionsPerSecond=12.5;");
    }

    @Test
    void fields_added_by_a_newer_publisher_are_ignored() {
        assertThat(StatusRules.decode(RULES.encode() + ";somethingNew=7")).contains(RULES);
    }

    @Test
    void absent_incomplete_garbled_or_other_version_rules_are_no_rules() {
        assertThat(StatusRules.decode(null)).isEmpty();
        assertThat(StatusRules.decode("")).isEmpty();
        assertThat(StatusRules.decode(RULES.encode().replace(";expiredSeconds=60", ""))).isEmpty();
        assertThat(StatusRules.decode(RULES.encode().replace("capacity=250", "capacity=many"))).isEmpty();
        assertThat(StatusRules.decode(RULES.encode().replace("v=1;", "v=2;"))).isEmpty();
    }
}
