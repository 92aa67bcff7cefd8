package dev.concert.queue.status;

import java.time.Instant;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.QueueSnapshot;
import dev.concert.queue.TokenState;

import org.springframework.stereotype.Component;

/** Turns a snapshot of a token into the status a client sees: position, ETA, activeUntil and the poll hint. */
@Component
public class StatusPolicy {

    private final QueueSettings settings;

    public StatusPolicy(QueueSettings settings) {
        this.settings = settings;
    }

    public QueueStatus statusOf(QueueSnapshot snapshot, Instant now) {
        TokenState state = snapshot.state();
        if (state == TokenState.ACTIVE) {
            Instant activeUntil = snapshot.lastActivity() == null ? now
                    : snapshot.lastActivity().plus(settings.active().idleTimeout());
            if (snapshot.expiresAt() != null && snapshot.expiresAt().isBefore(activeUntil)) {
                activeUntil = snapshot.expiresAt();
            }
            if (!activeUntil.isAfter(now)) {
                // idle past the timeout: the expiry job has not run yet, but the gateway already refuses it
                return expired(snapshot);
            }
            return new QueueStatus(state, 0, 0, activeUntil, poll(state, 0, 0), null);
        }
        if (state == TokenState.WAITING) {
            double rate = WaitEstimate.admissionsPerSecond(snapshot.admittedInWindow(),
                    settings.admission().rateWindow(), snapshot.activeCount(), settings.active().capacity(),
                    settings.admission().configuredPerSecond(), settings.active().idleTimeout());
            long eta = WaitEstimate.seconds(snapshot.position(), rate);
            return new QueueStatus(state, snapshot.position(), eta, null, poll(state, snapshot.position(), eta),
                    null);
        }
        return expired(snapshot);
    }

    private QueueStatus expired(QueueSnapshot snapshot) {
        return new QueueStatus(TokenState.EXPIRED, 0, 0, null, poll(TokenState.EXPIRED, 0, 0), snapshot.reason());
    }

    private int poll(TokenState state, long position, long eta) {
        return PollHint.seconds(state, position, eta, settings.polling());
    }
}
