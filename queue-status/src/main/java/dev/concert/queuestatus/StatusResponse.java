package dev.concert.queuestatus;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;


/** {@code GET /api/v1/queue/status}: always 200; the state says where the client stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusResponse(TokenState status, long position, long estimatedWaitSeconds, Instant activeUntil,
                             int pollAfterSeconds, ExpiryReason reason, Instant opensAt) {

    public static StatusResponse of(QueueStatus s) {
        return new StatusResponse(s.status(), s.position(), s.estimatedWaitSeconds(), s.activeUntil(),
                s.pollAfterSeconds(), s.reason(), s.opensAt());
    }
}
