package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class RoomByRoomTest {

    static final UUID A = UUID.randomUUID();
    static final UUID B = UUID.randomUUID();
    static final UUID C = UUID.randomUUID();

    @Test
    void a_room_that_fails_is_skipped_and_the_rooms_after_it_are_still_served() {
        List<UUID> served = new ArrayList<>();

        RoomByRoom.run("admission", List.of(A, B, C), room -> {
            if (room.equals(A)) {
                throw new IllegalStateException("shard of room A away");
            }
            served.add(room);
        });

        assertThat(served).containsExactly(B, C);
    }

    @Test
    void when_every_room_fails_the_first_failure_goes_up_as_a_whole_outage() {
        assertThatThrownBy(() -> RoomByRoom.run("admission", List.of(A, B), room -> {
            throw new IllegalStateException("redis away in " + room);
        })).hasMessage("redis away in " + A);
    }

    @Test
    void no_rooms_is_nothing_to_do() {
        RoomByRoom.run("admission", List.of(), room -> {
            throw new AssertionError("never called");
        });
    }
}
