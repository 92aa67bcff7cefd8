package dev.concert.queuestatus;

/** Why a token became EXPIRED; shown to the client so it can tell "your time ran out" from "done". */
public enum ExpiryReason {
    /** ACTIVE without a request for longer than the idle timeout. */
    IDLE,
    /** Admitted, but no request on an ACTIVE route within the claim window: the place went to the next in line. */
    NOT_CLAIMED,
    /** The user left the queue (DELETE /queue/tokens/me). */
    LEFT,
    /** The user's reservation was paid and confirmed. */
    BOOKED
}
