package dev.concert.queuestatus;

/**
 * The life of a queue token. The legal moves are listed here once: queue-service renders {@link #canBecome} and
 * {@link #isLive} into its Redis scripts at load time (QueueScripts), which apply them atomically (admit: WAITING →
 * ACTIVE; leave, idle timeout, booking: WAITING/ACTIVE → EXPIRED), and its TokenStateMachineIT holds every script to
 * them.
 */
public enum TokenState {
    WAITING, ACTIVE, EXPIRED;

    public boolean canBecome(TokenState next) {
        return switch (this) {
            case WAITING -> next == ACTIVE || next == EXPIRED;
            case ACTIVE -> next == EXPIRED;
            case EXPIRED -> false;
        };
    }

    public boolean isLive() {
        return this != EXPIRED;
    }
}
