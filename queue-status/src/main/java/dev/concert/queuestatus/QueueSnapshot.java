package dev.concert.queuestatus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One token as Redis holds it, plus what a status answer needs about the queue around it, read in one round trip.
 *
 * @param position          1 for the head of the waiting queue; 0 unless WAITING
 * @param lastActivity      when an ACTIVE token was last used; null unless ACTIVE
 * @param admittedInWindow  admissions over the measuring window (all instances together)
 * @param opensAt           when the token's room opens; null unless PRE_QUEUE
 */
public record QueueSnapshot(UUID tokenId, TokenState state, UUID userId, long order, Instant issuedAt,
                            Instant expiresAt, ExpiryReason reason, long position, Instant lastActivity,
                            long admittedInWindow, long activeCount, Instant opensAt) {

    /** A token Redis does not know (never issued here, or long gone): to the client it is simply EXPIRED. */
    public static QueueSnapshot unknown(UUID tokenId) {
        return new QueueSnapshot(tokenId, TokenState.EXPIRED, null, 0, null, null, null, 0, null, 0, 0, null);
    }

    /**
     * Parses the reply of the {@code snapshot} Lua function:
     * {@code [state, user, order, issued, expires, reason, rank, lastActivity, admittedInWindow, activeCount,
     * opens]},
     * or {@code ["UNKNOWN"]}.
     */
    public static QueueSnapshot fromScript(UUID tokenId, List<?> reply, int offset) {
        String state = text(reply, offset);
        if (state.equals("UNKNOWN")) {
            return unknown(tokenId);
        }
        String rank = text(reply, offset + 6);
        String last = text(reply, offset + 7);
        String reason = text(reply, offset + 5);
        String opens = reply.size() > offset + 10 ? text(reply, offset + 10) : "";
        return new QueueSnapshot(tokenId, TokenState.valueOf(state), UUID.fromString(text(reply, offset + 1)),
                Long.parseLong(text(reply, offset + 2)), millis(text(reply, offset + 3)),
                millis(text(reply, offset + 4)), reason.isEmpty() ? null : ExpiryReason.valueOf(reason),
                rank.isEmpty() ? 0 : Long.parseLong(rank) + 1, last.isEmpty() ? null : millis(last),
                (long) Double.parseDouble(text(reply, offset + 8)), Long.parseLong(text(reply, offset + 9)),
                opens.isEmpty() ? null : millis(opens));
    }

    private static String text(List<?> reply, int index) {
        Object value = reply.get(index);
        return value == null ? "" : value.toString();
    }

    private static Instant millis(String value) {
        return Instant.ofEpochMilli((long) Double.parseDouble(value));
    }
}
