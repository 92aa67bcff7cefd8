package dev.concert.queue.room;

import java.util.UUID;

import dev.concert.platform.web.ApiProblem;

import org.springframework.http.HttpStatus;

/** No waiting room of that id: no schedule of that id went on sale, and no operator set one up. 404. */
public class RoomNotFound extends ApiProblem {

    public RoomNotFound(UUID id) {
        super(HttpStatus.NOT_FOUND, "ROOM_NOT_FOUND",
                "there is no waiting room " + id + " (a room's id is its schedule's id)");
    }
}
