package dev.concert.queue.status;

import java.time.Clock;

import dev.concert.queue.Caller;
import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.QueueStatus;
import dev.concert.queuestatus.StatusPolicy;
import dev.concert.queuestatus.StatusRules;

import org.springframework.stereotype.Service;

/** The caller's status, by this instance's own rules. A token that is not the caller's reads EXPIRED. */
@Service
public class StatusReader {

    private final StatusStore store;
    private final StatusRules rules;
    private final Clock clock;

    public StatusReader(StatusStore store, QueueSettings settings, Clock clock) {
        this.store = store;
        this.rules = settings.statusRules();
        this.clock = clock;
    }

    public QueueStatus statusOf(Caller caller) {
        return StatusPolicy.statusOf(store.snapshot(caller.tokenId()), caller.userId(), rules, clock.instant());
    }
}
