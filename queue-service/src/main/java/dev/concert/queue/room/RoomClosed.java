package dev.concert.queue.room;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** The room's sale was closed or cancelled by the organiser: it takes no newcomers (409 ROOM_CLOSED). */
public class RoomClosed extends ApiProblem {

    public RoomClosed(UUID id) {
        super(HttpStatus.CONFLICT, "ROOM_CLOSED", "the sale of waiting room " + id
                + " is closed or cancelled; it takes no newcomers");
    }
}
