package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PollHintTest {

    private static final StatusRules.Polling RULES = new StatusRules.Polling(1, 30, 20, 1000, 10, 15, 60);

    private static int waiting(long position, long eta) {
        return PollHint.seconds(TokenState.WAITING, position, eta, RULES);
    }

    @Test
    void near_the_head_the_client_polls_every_second() {
        assertThat(waiting(1, 1)).isEqualTo(1);
        assertThat(waiting(20, 2)).isEqualTo(1);
    }

    @Test
    void just_behind_the_head_the_client_polls_every_two_seconds() {
        assertThat(waiting(21, 2)).isEqualTo(2);
    }

    @Test
    void far_back_the_client_polls_every_ten_seconds_or_less_often() {
        assertThat(waiting(1001, 5)).isEqualTo(10);
        assertThat(waiting(5000, 250)).isEqualTo(25);
    }

    @Test
    void the_hint_never_exceeds_the_maximum() {
        assertThat(waiting(1_000_000, 100_000)).isEqualTo(30);
    }

    @Test
    void the_hint_grows_with_the_distance_from_the_head() {
        int previous = 0;
        for (long position : new long[] {1, 10, 50, 200, 1000, 2000, 10_000}) {
            int hint = waiting(position, position / 10);
            assertThat(hint).isGreaterThanOrEqualTo(previous);
            previous = hint;
        }
    }

    @Test
    void active_and_expired_tokens_get_their_own_hints() {
        assertThat(PollHint.seconds(TokenState.ACTIVE, 0, 0, RULES)).isEqualTo(15);
        assertThat(PollHint.seconds(TokenState.EXPIRED, 0, 0, RULES)).isEqualTo(60);
    }
}
