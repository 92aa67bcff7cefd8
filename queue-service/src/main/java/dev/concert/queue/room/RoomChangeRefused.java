package dev.concert.queue.room;

import dev.concert.platform.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** A change an operator asked for that the room's rules refuse: 400 or 409, the reason as its code. */
public class RoomChangeRefused extends ApiProblem {

    public enum Reason {
        /** A capacity or rate out of bounds. */
        INVALID_ROOM_SETTINGS(HttpStatus.BAD_REQUEST),
        /** The opening's draw is done: the opening time cannot move any more. */
        ROOM_ALREADY_OPEN(HttpStatus.CONFLICT);

        private final HttpStatus status;

        Reason(HttpStatus status) {
            this.status = status;
        }
    }

    private final Reason reason;

    public RoomChangeRefused(Reason reason, String message) {
        super(reason.status, reason.name(), message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
