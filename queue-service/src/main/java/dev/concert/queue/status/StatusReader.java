package dev.concert.queue.status;

import java.time.Clock;

import dev.concert.queue.Caller;
import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.QueueStatus;
import dev.concert.queuestatus.StatusPolicy;
import dev.concert.queuestatus.StatusRules;
import dev.concert.queuestatus.StatusScript;

import org.springframework.stereotype.Service;

/**
 * The caller's status by its room's rules (the platform's while the room's are not published). A token that is not
 * the caller's reads EXPIRED.
 */
@Service
public class StatusReader {

    private final StatusStore store;
    private final StatusRules platformRules;
    private final StatusScript.PublishedRules published = new StatusScript.PublishedRules();
    private final Clock clock;

    public StatusReader(StatusStore store, QueueSettings settings, Clock clock) {
        this.store = store;
        this.platformRules = settings.statusRules();
        this.clock = clock;
    }

    public QueueStatus statusOf(Caller caller) {
        StatusScript.Reply read = store.read(caller.room(), caller.tokenId());
        StatusRules rules = published.of(read.publishedRules()).orElse(platformRules);
        return StatusPolicy.statusOf(read.snapshot(), caller.userId(), rules, clock.instant());
    }
}
