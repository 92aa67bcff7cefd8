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
 * if the enum allows the move. The token is put in the pre-queue, the waiting and the active set (idle for longer than
 * the timeout, issued before the booking), so that every script reaches it and only its state decides. Each script
 * runs in a room at the phase it acts in: the opening step (open_room, in issue.lua and admit.lua) in a room whose
 * opening is due, the others in a room whose opening is done (and, for a join, one whose opening is ahead).
 */
class TokenStateMachineIT extends QueueServiceIntegrationTest {

    /** The production scripts by the state they move a token to; none moves an existing token to PRE_QUEUE. */
    private static final Map<TokenState, List<Script>> SCRIPTS_TO = Map.of(
            TokenState.PRE_QUEUE, List.of(
                    new Script("issue before the opening", Phase.BEFORE_OPENING, (queue, token) ->
                            queue.tokens.issue(queue.room, token.user(), UUID.randomUUID(), token.now(),
                                    token.now().plus(Duration.ofHours(6)), 42))),
            TokenState.WAITING, List.of(
                    new Script("issue at the opening", Phase.OPENING_DUE, (queue, token) ->
                            queue.tokens.issue(queue.room, token.user(), UUID.randomUUID(), token.now(),
                                    token.now().plus(Duration.ofHours(6)), 42)),
                    new Script("a paused room's admission round at the opening", Phase.OPENING_DUE_PAUSED,
                            (queue, token) -> queue.admit(token.now()))),
            TokenState.ACTIVE, List.of(
                    new Script("admit", Phase.OPENED, (queue, token) -> queue.admit(token.now()))),
            TokenState.EXPIRED, List.of(
                    new Script("leave", Phase.OPENED, (queue, token) ->
                            queue.leave(token.id(), token.user(), token.now())),
                    new Script("expire-idle", Phase.OPENED, (queue, token) -> queue.expireIdle(token.now())),
                    new Script("expire-booked", Phase.OPENED, (queue, token) ->
                            queue.expiry.expireBooked(queue.room, token.user(), token.now(), token.now()))));

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
                    Token token = put(queue, state, Phase.OPENED);
                    var issued = queue.join(token.user(), token.now());
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
                    Token token = put(queue, state, Phase.OPENED);
                    String key = queue.key("token:" + token.id());
                    Map<Object, Object> before = queue.redis.opsForHash().entries(key);

                    boolean expired = queue.expiry.holdEnded(queue.room, token.user(), token.now(), true, 1, 1,
                            token.now());

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
            Token token = put(queue, from, script.phase());
            String key = queue.key("token:" + token.id());
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

    /**
     * A token of a fresh user in {@code state}, as the scripts would find it were it in that state, in the fixture's
     * room put at {@code phase}.
     */
    private static Token put(QueueStoreFixture queue, TokenState state, Phase phase) {
        Instant now = Instant.now();
        queue.redis.opsForHash().putAll(queue.key("room"), Map.of(
                "opens", Long.toString(phase == Phase.BEFORE_OPENING ? now.plus(Duration.ofHours(1)).toEpochMilli()
                        : now.minus(Duration.ofHours(2)).toEpochMilli()),
                "opened", phase == Phase.OPENED ? "1" : "0",
                "paused", phase == Phase.OPENING_DUE_PAUSED ? "1" : "0"));
        UUID id = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        Instant issued = now.minus(Duration.ofHours(1));
        Instant idleSince = now.minus(queue.settings.active().idleTimeout()).minusSeconds(1);
        queue.redis.opsForHash().putAll(queue.key("token:" + id), Map.of("state", state.name(),
                "user", user.toString(), "order", "1", "issued", Long.toString(issued.toEpochMilli()),
                "expires", Long.toString(now.plus(Duration.ofHours(5)).toEpochMilli())));
        queue.redis.opsForZSet().add(queue.key("prequeue"), id.toString(), 1);
        queue.redis.opsForZSet().add(queue.key("waiting"), id.toString(), 1);
        queue.redis.opsForZSet().add(queue.key("active"), id.toString(), idleSince.toEpochMilli());
        queue.redis.opsForValue().set(queue.key("user:" + user), id.toString());
        return new Token(id, user, now);
    }

    /** Where the room stands when a script runs. */
    private enum Phase {
        BEFORE_OPENING, OPENING_DUE, OPENING_DUE_PAUSED, OPENED
    }

    private record Token(UUID id, UUID user, Instant now) {
    }

    private record Script(String name, Phase phase, BiConsumer<QueueStoreFixture, Token> run) {
    }
}
