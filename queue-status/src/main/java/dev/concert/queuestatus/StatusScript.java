package dev.concert.queuestatus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The status read: one Lua script call returns the token's snapshot and the rules queue-service published, so an
 * answer costs one Redis round trip wherever it is computed. Callers run {@link #SOURCE} with {@link #keys} and
 * {@link #args} through their own Redis client and hand the reply to {@link #parse}.
 */
public final class StatusScript {

    /** The key layout and the {@code snapshot} function, for queue-service to prepend to its own scripts. */
    public static final String SNAPSHOT_FUNCTIONS = read("snapshot.lua");

    /** The whole script: reply {@code [published rules or "", snapshot...]}. */
    public static final String SOURCE = SNAPSHOT_FUNCTIONS + "\n" + read("status.lua");

    /** Where queue-service publishes a room's {@link StatusRules}, under the room's key prefix. */
    public static final String RULES_KEY = "status-rules";

    private StatusScript() {
    }

    public static List<String> keys(String prefix, UUID tokenId) {
        return List.of(prefix + "token:" + tokenId);
    }

    public static List<String> args(String prefix, UUID tokenId) {
        return List.of(prefix, tokenId.toString());
    }

    /** A reply of {@link #SOURCE}: the snapshot, and the raw published rules ("" when none were published). */
    public static Reply parse(UUID tokenId, List<?> reply) {
        Object rules = reply.get(0);
        return new Reply(QueueSnapshot.fromScript(tokenId, reply, 1), rules == null ? "" : rules.toString());
    }

    public record Reply(QueueSnapshot snapshot, String publishedRules) {
    }

    /**
     * Decoded rules by their published text: each room publishes its own, and a text changes only when its room's
     * settings do, so decoding once per text is enough. Thread-safe; bounded (cleared when full, as texts of rooms
     * long closed may pile up); a race decodes twice, harmlessly.
     */
    public static final class PublishedRules {

        private static final int LIMIT = 10_000;

        private final java.util.concurrent.ConcurrentHashMap<String, Optional<StatusRules>> decoded =
                new java.util.concurrent.ConcurrentHashMap<>();

        public Optional<StatusRules> of(String text) {
            Optional<StatusRules> known = decoded.get(text);
            if (known != null) {
                return known;
            }
            if (decoded.size() >= LIMIT) {
                decoded.clear();
            }
            Optional<StatusRules> rules = StatusRules.decode(text);
            decoded.put(text, rules);
            return rules;
        }
    }

    private static String read(String name) {
        try (InputStream in = StatusScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing Lua script " + name + " next to " + StatusScript.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
