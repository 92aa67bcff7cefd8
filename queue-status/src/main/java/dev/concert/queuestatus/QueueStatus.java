package dev.concert.queuestatus;

import java.time.Instant;


/**
 * What a client is told about its token.
 *
 * @param position              1 = next to be admitted; 0 unless WAITING
 * @param estimatedWaitSeconds  0 unless WAITING
 * @param activeUntil           when an ACTIVE token expires if unused; null unless ACTIVE
 * @param pollAfterSeconds      when asking again is worth it
 * @param reason                why an EXPIRED token expired, when known
 * @param opensAt               when the room opens; null unless PRE_QUEUE
 */
public record QueueStatus(TokenState status, long position, long estimatedWaitSeconds, Instant activeUntil,
                          int pollAfterSeconds, ExpiryReason reason, Instant opensAt) {
}
