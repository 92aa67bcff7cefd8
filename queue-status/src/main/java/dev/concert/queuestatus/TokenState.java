package dev.concert.queuestatus;

/**
 * The life of a queue token. The legal moves are listed here once: queue-service renders {@link #canBecome} and
 * {@link #isLive} into its Redis scripts at load time (QueueScripts), which apply them atomically (a room's opening:
 * PRE_QUEUE → WAITING; admit: WAITING → ACTIVE; leave, idle timeout, booking: PRE_QUEUE/WAITING/ACTIVE → EXPIRED),
 * and its TokenStateMachineIT holds every script to them.
 */
public enum TokenState {
    /** Joined a room before its opening: placed at random among everyone else who did, at the opening. */
    PRE_QUEUE, WAITING, ACTIVE, EXPIRED;

    public boolean canBecome(TokenState next) {
        return switch (this) {
            case PRE_QUEUE -> next == WAITING || next == EXPIRED;
            case WAITING -> next == ACTIVE || next == EXPIRED;
            case ACTIVE -> next == EXPIRED;
            case EXPIRED -> false;
        };
    }

    public boolean isLive() {
        return this != EXPIRED;
    }
}
