package dev.concert.queuestatus;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** Turns a snapshot of a token into the status a client sees: position, ETA, activeUntil and the poll hint. */
public final class StatusPolicy {

    private StatusPolicy() {
    }

    /** The status of {@code snapshot} as {@code caller} sees it: a token that is not the caller's reads EXPIRED. */
    public static QueueStatus statusOf(QueueSnapshot snapshot, UUID caller, StatusRules rules, Instant now) {
        if (snapshot.userId() != null && !snapshot.userId().equals(caller)) {
            return statusOf(QueueSnapshot.unknown(snapshot.tokenId()), rules, now);
        }
        return statusOf(snapshot, rules, now);
    }

    public static QueueStatus statusOf(QueueSnapshot snapshot, StatusRules rules, Instant now) {
        TokenState state = snapshot.state();
        if (state == TokenState.ACTIVE) {
            Instant activeUntil = snapshot.lastActivity() == null ? now
                    : snapshot.lastActivity().plus(rules.idleTimeout());
            if (snapshot.expiresAt() != null && snapshot.expiresAt().isBefore(activeUntil)) {
                activeUntil = snapshot.expiresAt();
            }
            if (!activeUntil.isAfter(now)) {
                // idle past the timeout: the expiry job has not run yet, but the gateway already refuses it
                return expired(snapshot, rules);
            }
            return new QueueStatus(state, 0, 0, activeUntil, PollHint.seconds(state, 0, 0, rules.polling()), null,
                    null);
        }
        if (state == TokenState.PRE_QUEUE) {
            // the wait is until the opening; the place is drawn then
            long untilOpening = snapshot.opensAt() == null || !snapshot.opensAt().isAfter(now) ? 0
                    : Duration.between(now, snapshot.opensAt()).toSeconds() + 1;
            return new QueueStatus(state, 0, untilOpening, null,
                    PollHint.seconds(state, 0, untilOpening, rules.polling()), null, snapshot.opensAt());
        }
        if (state == TokenState.WAITING) {
            double rate = WaitEstimate.admissionsPerSecond(snapshot.admittedInWindow(), rules.rateWindow(),
                    snapshot.activeCount(), rules.capacity(), rules.admissionsPerSecond(), rules.idleTimeout());
            long eta = WaitEstimate.seconds(snapshot.position(), rate);
            return new QueueStatus(state, snapshot.position(), eta, null,
                    PollHint.seconds(state, snapshot.position(), eta, rules.polling()), null, null);
        }
        return expired(snapshot, rules);
    }

    private static QueueStatus expired(QueueSnapshot snapshot, StatusRules rules) {
        return new QueueStatus(TokenState.EXPIRED, 0, 0, null,
                PollHint.seconds(TokenState.EXPIRED, 0, 0, rules.polling()), snapshot.reason(), null);
    }
}
