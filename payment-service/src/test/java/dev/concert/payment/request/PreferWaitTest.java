package dev.concert.payment.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PreferWaitTest {

    @Test
    void the_wait_preference_is_read_among_others_in_seconds() {
        assertThat(PreferWait.from("wait=5")).contains(new PreferWait(Duration.ofSeconds(5)));
        assertThat(PreferWait.from("respond-async, wait=2")).contains(new PreferWait(Duration.ofSeconds(2)));
        assertThat(PreferWait.from("Wait = \"3\"; x=y")).contains(new PreferWait(Duration.ofSeconds(3)));
        assertThat(PreferWait.from("wait=0")).contains(new PreferWait(Duration.ZERO));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "respond-async", "wait", "wait=", "wait=-1", "wait=1.5", "wait=soon",
            "wait=99999999999999999999", "waiting=3"})
    void a_missing_or_malformed_wait_is_ignored(String header) {
        assertThat(PreferWait.from(header)).isEmpty();
    }

    @Test
    void an_absent_or_oversized_header_is_ignored() {
        assertThat(PreferWait.from(null)).isEmpty();
        assertThat(PreferWait.from("x=" + "a".repeat(300) + ", wait=2")).isEmpty();
    }
}
