package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.QueueStoreFixture;
import dev.concert.queue.admission.AdmissionStore.AdmissionRound;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Each room is a queue of its own: its positions, its capacity and its admission rate. Two rooms over one key prefix
 * (as one deployment holds them), each filled and admitted on its own.
 */
class RoomIsolationIT extends QueueServiceIntegrationTest {

    @Autowired
    LettuceConnectionFactory connections;

    @Autowired
    Rooms rooms;

    private QueueStoreFixture roomA;
    private QueueStoreFixture roomB;

    @BeforeEach
    void twoRooms() {
        roomA = new QueueStoreFixture(connections.getStandaloneConfiguration(), QueueStoreFixture.freshPrefix(),
                3, 2);
        roomB = roomA.anotherRoom(QueueStoreFixture.LONG_AGO, 5, 5);
    }

    @AfterEach
    void close() {
        roomA.close();
        roomB.close();
    }

    @Test
    void a_full_room_admitting_its_fans_moves_nobody_in_another_room() {
        Instant now = Instant.now();
        List<UUID> a = roomA.issue(10, now);
        List<UUID> b = roomB.issue(4, now);
        List<Long> positionsInB = b.stream().map(id -> rank(roomB, id)).toList();
        assertThat(positionsInB).as("B's queue starts at its own head").containsExactly(0L, 1L, 2L, 3L);

        // room A admits until it is full, round after round
        for (int second = 0; second < 5; second++) {
            roomA.admit(now.plusSeconds(second));
        }

        assertThat(roomA.activeCount()).isEqualTo(3);
        assertThat(a.subList(0, 3)).allSatisfy(id -> assertThat(roomA.stateOf(id)).isEqualTo("ACTIVE"));
        assertThat(b.stream().map(id -> rank(roomB, id)).toList()).as("B's positions").isEqualTo(positionsInB);
        assertThat(b).allSatisfy(id -> assertThat(roomB.stateOf(id)).isEqualTo("WAITING"));
        assertThat(roomB.activeCount()).isZero();
        assertThat(a).allSatisfy(id -> assertThat(roomB.stateOf(id)).as("A's token in B").isNull());
    }

    @Test
    void capacity_and_rate_are_per_room() {
        Instant now = Instant.now();
        List<UUID> a = roomA.issue(10, now);
        List<UUID> b = roomB.issue(10, now);

        // the same moment in both rooms: each its own bucket (A 2 a second, B 5) and its own capacity (A 3, B 5)
        AdmissionRound firstA = roomA.admit(now);
        AdmissionRound firstB = roomB.admit(now);
        assertThat(firstA.admitted()).containsExactlyElementsOf(a.subList(0, 2));
        assertThat(firstB.admitted()).containsExactlyElementsOf(b.subList(0, 5));

        for (int second = 1; second < 5; second++) {
            roomA.admit(now.plusSeconds(second));
            roomB.admit(now.plusSeconds(second));
        }

        assertThat(roomA.activeCount()).isEqualTo(3);
        assertThat(roomB.activeCount()).isEqualTo(5);
        AdmissionRound lastA = roomA.admit(now.plusSeconds(10));
        AdmissionRound lastB = roomB.admit(now.plusSeconds(10));
        assertThat(lastA.admitted()).isEmpty();
        assertThat(lastA.waiting()).isEqualTo(7);
        assertThat(lastB.admitted()).isEmpty();
        assertThat(lastB.waiting()).isEqualTo(5);
    }

    @Test
    void a_fan_s_first_place_in_a_new_room_is_its_head_however_long_another_room_is() {
        UUID busy = UUID.randomUUID();
        UUID quiet = UUID.randomUUID();
        rooms.saleAnnounced(busy, QueueStoreFixture.LONG_AGO);
        rooms.saleAnnounced(quiet, QueueStoreFixture.LONG_AGO);
        for (int i = 0; i < 5; i++) {
            issueFor(UUID.randomUUID(), busy);
        }
        UUID fan = UUID.randomUUID();

        var inQuiet = issueFor(fan, quiet);
        var inBusy = issueFor(fan, busy);

        assertThat(inQuiet.get("position").asLong()).isEqualTo(1);
        assertThat(inQuiet.get("roomId").asString()).isEqualTo(quiet.toString());
        assertThat(inBusy.get("position").asLong()).as("one fan, one place per room").isEqualTo(6);
        assertThat(inBusy.get("token").asString()).isNotEqualTo(inQuiet.get("token").asString());
    }

    private static long rank(QueueStoreFixture room, UUID id) {
        Long rank = room.redis.opsForZSet().rank(room.key("waiting"), id.toString());
        return rank == null ? -1 : rank;
    }
}
