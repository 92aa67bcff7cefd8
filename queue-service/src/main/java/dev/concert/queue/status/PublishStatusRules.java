package dev.concert.queue.status;

import dev.concert.queue.redis.QueueStoreUnavailable;
import dev.concert.queue.room.Rooms;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps every room's status rules in Redis ({@code <room prefix>status-rules}) so that the gateway answers status
 * polls at the edge by the room's rules without being configured alike. A room's rules are written with each change
 * to it, and again periodically here: a flushed or restarted Redis gets them back within one period (until then the
 * gateway forwards the polls to queue-service).
 */
@Component
class PublishStatusRules {

    private static final Logger log = LoggerFactory.getLogger(PublishStatusRules.class);

    private final Rooms rooms;

    PublishStatusRules(Rooms rooms) {
        this.rooms = rooms;
    }

    @Scheduled(fixedDelayString = "${queue.status-rules.publish-interval:PT15S}", initialDelayString = "PT0S")
    void publish() {
        try {
            rooms.republishRules();
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                log.error("status rules not published", e);
                return;
            }
            log.debug("queue store unavailable: status rules not published this time ({})", e.getMessage());
        }
    }
}
