package dev.concert.gateway.token;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which schedule (waiting room) and which user a path names, read as the route predicates read it. */
class QueueTokenFilterPathTest {

    private static String schedule(String path) {
        return QueueTokenFilter.pathSegmentAfter(MockServerHttpRequest.get(path).build(), "schedules");
    }

    @Test
    void the_schedule_is_the_segment_after_api_v1_schedules() {
        assertThat(schedule("/api/v1/schedules/abc/seats")).isEqualTo("abc");
        assertThat(schedule("/api/v1/schedules/abc")).isEqualTo("abc");
        assertThat(schedule("/api/v1/schedules/abc/seats/42/hold")).isEqualTo("abc");
        assertThat(schedule("/api/v1/schedules/abc;x=1/seats")).as("matrix parameters stripped").isEqualTo("abc");
    }

    @Test
    void paths_naming_no_schedule_have_none() {
        assertThat(schedule("/api/v1/schedules")).isNull();
        assertThat(schedule("/api/v1/reservations")).isNull();
        assertThat(schedule("/api/v1/concerts/abc/schedules")).isNull();
        assertThat(schedule("/api/v2/schedules/abc/seats")).isNull();
        assertThat(schedule("/internal/schedules/abc")).isNull();
    }

    @Test
    void the_user_of_a_users_path_is_read_the_same_way() {
        assertThat(QueueTokenFilter.pathUser(MockServerHttpRequest.get("/api/v1/users/me/wallet").build()))
                .isEqualTo("me");
        assertThat(QueueTokenFilter.pathUser(MockServerHttpRequest.get("/api/v1/schedules/abc/seats").build()))
                .isNull();
    }
}
