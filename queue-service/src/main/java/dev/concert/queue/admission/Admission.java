package dev.concert.queue.admission;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueMetrics;
import dev.concert.queue.admission.AdmissionStore.AdmissionRound;
import dev.concert.queue.room.RoomByRoom;
import dev.concert.queue.room.RoomStore;

import org.springframework.stereotype.Service;

/**
 * Moves the head of each room's waiting queue into its ACTIVE set, within the room's capacity and admission rate,
 * room by room: no lock over all rooms, and a room's round touches its own keys only.
 */
@Service
public class Admission {

    private final AdmissionStore store;
    private final RoomStore rooms;
    private final QueueMetrics metrics;
    private final Clock clock;

    public Admission(AdmissionStore store, RoomStore rooms, QueueMetrics metrics, Clock clock) {
        this.store = store;
        this.rooms = rooms;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * One round in every room. A room whose round fails (a Redis Cluster shard away, a damaged room) is logged and
     * skipped: the other rooms are admitted all the same (RoomByRoom).
     */
    public List<AdmissionRound> runOnce() {
        List<AdmissionRound> rounds = new ArrayList<>();
        RoomByRoom.run("admission", rooms.ids(), room -> rounds.add(runOnce(room)));
        metrics.sizes(rounds.stream().mapToLong(AdmissionRound::waiting).sum(),
                rounds.stream().mapToLong(AdmissionRound::active).sum(),
                rounds.stream().mapToLong(AdmissionRound::preQueue).sum());
        return rounds;
    }

    public AdmissionRound runOnce(UUID room) {
        AdmissionRound round = store.admit(room, clock.instant());
        metrics.admitted(round.admitted().size());
        return round;
    }
}
