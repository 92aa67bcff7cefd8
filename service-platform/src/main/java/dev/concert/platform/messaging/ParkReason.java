package dev.concert.platform.messaging;

/** Why a record was parked instead of applied; travels in the {@value ParkedEvents#REASON_HEADER} header. */
public enum ParkReason {
    /** not an event envelope, or a payload that does not bind */
    MALFORMED,
    /** an event type this service's code does not know (a newer producer) */
    UNKNOWN_TYPE,
    /** a known type in a newer version than this consumer reads (a newer producer) */
    NEWER_VERSION,
    /** a handler refused the event by rule ({@link RefusedEvent}) */
    REFUSED,
    /** the handler kept failing with an unexpected error (a bug): replay after the fix */
    FAILED_REPEATEDLY;

    /** The reason for a failure the error handler gave up on (transient failures never get here). */
    public static ParkReason of(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnreadableEvent unreadable) {
                return unreadable.reason();
            }
            if (t instanceof dev.concert.events.EventCodec.MalformedEventException) {
                return MALFORMED;
            }
            if (t instanceof RefusedEvent) {
                return REFUSED;
            }
        }
        return FAILED_REPEATEDLY;
    }
}
