package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenStateTest {

    @Test
    void a_waiting_token_may_become_active_or_expired() {
        assertThat(TokenState.WAITING.canBecome(TokenState.ACTIVE)).isTrue();
        assertThat(TokenState.WAITING.canBecome(TokenState.EXPIRED)).isTrue();
    }

    @Test
    void a_pre_queue_token_may_only_be_placed_in_the_queue_or_expire() {
        assertThat(TokenState.PRE_QUEUE.canBecome(TokenState.WAITING)).isTrue();
        assertThat(TokenState.PRE_QUEUE.canBecome(TokenState.EXPIRED)).isTrue();
        assertThat(TokenState.PRE_QUEUE.canBecome(TokenState.ACTIVE)).as("no admission before the draw").isFalse();
        assertThat(TokenState.PRE_QUEUE.isLive()).isTrue();
        assertThat(TokenState.WAITING.canBecome(TokenState.PRE_QUEUE)).isFalse();
    }

    @Test
    void an_active_token_may_only_expire() {
        assertThat(TokenState.ACTIVE.canBecome(TokenState.EXPIRED)).isTrue();
        assertThat(TokenState.ACTIVE.canBecome(TokenState.WAITING)).isFalse();
    }

    @Test
    void an_expired_token_never_comes_back() {
        for (TokenState next : TokenState.values()) {
            assertThat(TokenState.EXPIRED.canBecome(next)).isFalse();
        }
        assertThat(TokenState.EXPIRED.isLive()).isFalse();
    }
}
