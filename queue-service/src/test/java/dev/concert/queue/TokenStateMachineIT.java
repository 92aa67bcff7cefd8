package dev.concert.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

import dev.concert.queuestatus.TokenState;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The Redis scripts move a token exactly as {@link TokenState#canBecome} says: for every pair of states, a token
 * put in the first is handed to each production script that leads to the second, and it must end there if and only
 * if the enum allows the move. The token is put in both the waiting and the active set (idle for longer than the
 * timeout, issued before the booking), so that every script reaches it and only its state decides.
 */
class TokenStateMachineIT extends QueueServiceIntegrationTest {

    /** The production scripts by the state they move a token to; none moves an existing token to WAITING. */
    private static final Map<TokenState, List<Script>> SCRIPTS_TO = Map.of(
            TokenState.ACTIVE, List.of(
                    new Script("admit", (queue, token) -> queue.admission.admit(token.now()))),
            TokenState.EXPIRED, List.of(
                    new Script("leave", (queue, token) -> queue.tokens.leave(token.id(), token.user(), token.now())),
                    new Script("expire-idle", (queue, token) -> queue.expiry.expireIdle(token.now())),
                    new Script("expire-booked", (queue, token) ->
                            queue.expiry.expireBooked(token.user(), token.now(), token.now()))),
            TokenState.WAITING, List.of(
                    new Script("issue", (queue, token) -> queue.tokens.issue(token.user(), UUID.randomUUID(),
                            token.now(), token.now().plus(Duration.ofHours(6))))));

    @Autowired
    LettuceConnectionFactory connections;

    @TestFactory
    List<DynamicTest> every_script_moves_a_token_only_where_token_state_allows() {
        List<DynamicTest> cases = new ArrayList<>();
        for (TokenState from : TokenState.values()) {
            for (TokenState to : TokenState.values()) {
                for (Script script : SCRIPTS_TO.get(to)) {
                    String name = from + " -> " + to + " by " + script.name() + ": "
                            + (from.canBecome(to) ? "moves" : "stays");
                    cases.add(DynamicTest.dynamicTest(name, () -> assertMovesAsAllowed(from, to, script)));
                }
            }
        }
        return cases;
    }

    /** issue.lua hands a user's live token back and only then; a token that is not live gives way to a new one. */
    @TestFactory
    List<DynamicTest> issuing_returns_the_user_s_token_exactly_while_token_state_calls_it_live() {
        List<DynamicTest> cases = new ArrayList<>();
        for (TokenState state : TokenState.values()) {
            cases.add(DynamicTest.dynamicTest(state + ": " + (state.isLive() ? "same token" : "new token"), () -> {
                try (var queue = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                        QueueStoreFixture.freshPrefix(), 10, 10)) {
                    Token token = put(queue, state);
                    var issued = queue.tokens.issue(token.user(), UUID.randomUUID(), token.now(),
                            token.now().plus(Duration.ofHours(6)));
                    assertThat(issued.created()).as("a new token was made").isEqualTo(!state.isLive());
                    assertThat(issued.snapshot().tokenId().equals(token.id())).isEqualTo(state.isLive());
                }
            }));
        }
        return cases;
    }

    /**
     * expire-booked.lua with a hold still open only remembers that the visit booked: a live token keeps its state, and
     * a token that is not live is not touched at all.
     */
    @TestFactory
    List<DynamicTest> a_booking_with_holds_left_never_moves_a_token() {
        List<DynamicTest> cases = new ArrayList<>();
        for (TokenState state : TokenState.values()) {
            cases.add(DynamicTest.dynamicTest(state + " stays " + state, () -> {
                try (var queue = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                        QueueStoreFixture.freshPrefix(), 10, 10)) {
                    Token token = put(queue, state);
                    String key = queue.settings.keyPrefix() + "token:" + token.id();
                    Map<Object, Object> before = queue.redis.opsForHash().entries(key);

                    boolean expired = queue.expiry.holdEnded(token.user(), token.now(), true, 1, 1, token.now());

                    assertThat(expired).isFalse();
                    assertThat(queue.stateOf(token.id())).isEqualTo(state.name());
                    if (!state.isLive()) {
                        assertThat(queue.redis.opsForHash().entries(key)).isEqualTo(before);
                    }
                }
            }));
        }
        return cases;
    }

    private void assertMovesAsAllowed(TokenState from, TokenState to, Script script) {
        try (var queue = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 10, 10)) {
            Token token = put(queue, from);
            String key = queue.settings.keyPrefix() + "token:" + token.id();
            Map<Object, Object> before = queue.redis.opsForHash().entries(key);

            script.run().accept(queue, token);

            if (from.canBecome(to)) {
                assertThat(queue.stateOf(token.id())).as("state after %s", script.name()).isEqualTo(to.name());
            } else {
                // untouched, not even rewritten in the same state (a second expiry would change its reason)
                assertThat(queue.redis.opsForHash().entries(key)).as("token after %s", script.name())
                        .isEqualTo(before);
            }
        }
    }

    /** A token of a fresh user in {@code state}, as the scripts would find it were it in that state. */
    private static Token put(QueueStoreFixture queue, TokenState state) {
        Instant now = Instant.now();
        String p = queue.settings.keyPrefix();
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant issued = now.minus(Duration.ofHours(1));
        Instant idleSince = now.minus(queue.settings.active().idleTimeout()).minusSeconds(1);
        queue.redis.opsForHash().putAll(p + "token:" + id, Map.of("state", state.name(), "user", user.toString(),
                "order", "1", "issued", Long.toString(issued.toEpochMilli()),
                "expires", Long.toString(now.plus(Duration.ofHours(5)).toEpochMilli())));
        queue.redis.opsForZSet().add(p + "waiting", id.toString(), 1);
        queue.redis.opsForZSet().add(p + "active", id.toString(), idleSince.toEpochMilli());
        queue.redis.opsForValue().set(p + "user:" + user, id.toString());
        return new Token(id, user, now);
    }

    private record Token(UUID id, UUID user, Instant now) {
    }

    private record Script(String name, BiConsumer<QueueStoreFixture, Token> run) {
    }
}
