package dev.concert.queue.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;

import dev.concert.queuestatus.StatusScript;
import dev.concert.queuestatus.TokenState;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Loads the queue's Lua scripts. Each script is queue-status's snapshot functions, the token states rendered from
 * {@link TokenState} (so the Java enum is the one definition of which state may become which: the scripts ask
 * {@code can_become(state, 'ACTIVE')} and {@code LIVE[state]} instead of naming from-states), {@code redis/lib.lua}
 * (the shared expire function) and the script's own body, so that a multi-step change is one atomic script.
 * <p>
 * Key layout (prefix P, default {@code {queue}:} — the braces are a cluster hash tag that keeps every key of the
 * queue in one slot, which multi-key scripts need): {@code P seq} order counter; {@code P waiting} ZSET token id by
 * order; {@code P active} ZSET token id by last activity (epoch ms); {@code P user:<uuid>} the user's live token id;
 * {@code P token:<uuid>} HASH state, user, order, issued, expires, reason (and booked, holds_version,
 * open_holds once a hold of its user ended: expire-booked.lua); {@code P admission} HASH admission
 * bucket and recent count; {@code P admitted} ZSET log of admissions for the measured rate; {@code P status-rules}
 * the published {@code StatusRules}. The gateway reads {@code P active} with its own script and answers status polls
 * with queue-status's script; keep them in step.
 */
public final class QueueScripts {

    private static final String TOKEN_STATES = tokenStates();

    private QueueScripts() {
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static RedisScript<List<String>> list(String name) {
        return (RedisScript) RedisScript.of(source(name), List.class);
    }

    public static RedisScript<Long> number(String name) {
        return RedisScript.of(source(name), Long.class);
    }

    private static String source(String name) {
        return StatusScript.SNAPSHOT_FUNCTIONS + "\n" + TOKEN_STATES + "\n" + read("redis/lib.lua") + "\n"
                + read("redis/" + name + ".lua");
    }

    /**
     * {@code MOVES[from][to]} from {@link TokenState#canBecome}, {@code LIVE} from {@link TokenState#isLive}, and
     * {@code can_become(state, to)} for a state read from Redis (false when the token is gone).
     */
    static String tokenStates() {
        StringJoiner moves = new StringJoiner(", ", "local MOVES = {", "}");
        StringJoiner live = new StringJoiner(", ", "local LIVE = {", "}");
        for (TokenState from : TokenState.values()) {
            StringJoiner to = new StringJoiner(", ", "{", "}");
            for (TokenState next : TokenState.values()) {
                if (from.canBecome(next)) {
                    to.add(next.name() + " = true");
                }
            }
            moves.add(from.name() + " = " + to);
            if (from.isLive()) {
                live.add(from.name() + " = true");
            }
        }
        return "-- rendered from TokenState (queue-status) by QueueScripts\n" + moves + "\n" + live + "\n"
                + "local function can_become(state, to)\n"
                + "  return state and MOVES[state] and MOVES[state][to] or false\n"
                + "end\n";
    }

    private static String read(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("missing Lua script " + path, e);
        }
    }
}
