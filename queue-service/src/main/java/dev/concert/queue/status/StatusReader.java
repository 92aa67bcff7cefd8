package dev.concert.queue.status;

import java.time.Clock;

import dev.concert.queue.QueueSnapshot;
import dev.concert.queue.Caller;

import org.springframework.stereotype.Service;

/** The caller's status. A token that is not the caller's is reported like an unknown one: EXPIRED. */
@Service
public class StatusReader {

    private final StatusStore store;
    private final StatusPolicy policy;
    private final Clock clock;

    public StatusReader(StatusStore store, StatusPolicy policy, Clock clock) {
        this.store = store;
        this.policy = policy;
        this.clock = clock;
    }

    public QueueStatus statusOf(Caller caller) {
        QueueSnapshot snapshot = store.snapshot(caller.tokenId());
        if (snapshot.userId() != null && !snapshot.userId().equals(caller.userId())) {
            snapshot = QueueSnapshot.unknown(caller.tokenId());
        }
        return policy.statusOf(snapshot, clock.instant());
    }
}
