package dev.concert.queuestatus;

/**
 * The life of a queue token. The legal moves are listed here once; the Redis scripts apply them atomically
 * (admit: WAITING → ACTIVE; leave, idle timeout, booking: WAITING/ACTIVE → EXPIRED).
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
