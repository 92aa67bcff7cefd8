package dev.concert.queue.status;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueStoreUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Keeps this instance's status rules in Redis ({@code <prefix>status-rules}) so that the gateway answers status
 * polls at the edge by queue-service's rules without being configured alike. At start-up and then periodically:
 * a flushed or restarted Redis gets them back within one period (until then the gateway forwards the polls here).
 */
@Component
class PublishStatusRules {

    private static final Logger log = LoggerFactory.getLogger(PublishStatusRules.class);

    private final StatusStore store;
    private final String rules;

    PublishStatusRules(StatusStore store, QueueSettings settings) {
        this.store = store;
        this.rules = settings.statusRules().encode();
    }

    @Scheduled(fixedDelayString = "${queue.status-rules.publish-interval:PT15S}", initialDelayString = "PT0S")
    void publish() {
        try {
            if (store.publish(rules)) {
                log.info("status rules published: {}", rules);
            }
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                throw e;
            }
            log.debug("queue store unavailable: status rules not published this time ({})", e.getMessage());
        }
    }
}
