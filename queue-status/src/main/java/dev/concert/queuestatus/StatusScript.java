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

    /** Where queue-service publishes its {@link StatusRules}, under the queue's key prefix. */
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
     * Decoded rules by their published text: the text changes only when queue-service's configuration does, so
     * decoding once per change is enough. Thread-safe; a race decodes twice, harmlessly.
     */
    public static final class PublishedRules {

        private record Decoded(String text, Optional<StatusRules> rules) {
        }

        private volatile Decoded last = new Decoded("", Optional.empty());

        public Optional<StatusRules> of(String text) {
            Decoded seen = last;
            if (seen.text().equals(text)) {
                return seen.rules();
            }
            Decoded decoded = new Decoded(text, StatusRules.decode(text));
            last = decoded;
            return decoded.rules();
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
