package dev.concert.queue.expiry;

import dev.concert.queue.redis.QueueStoreUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs on every instance; a token is expired by exactly one of them (the script removes it atomically). */
@Component
@ConditionalOnProperty(name = "queue.jobs.enabled", havingValue = "true", matchIfMissing = true)
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final Expiry expiry;
    private boolean storeDown;

    ExpiryJob(Expiry expiry) {
        this.expiry = expiry;
    }

    @Scheduled(fixedDelayString = "${queue.expiry.interval:PT5S}", initialDelayString = "PT2S")
    void expireIdle() {
        try {
            long n = expiry.expireIdle();
            if (n > 0) {
                log.info("expired {} idle ACTIVE tokens", n);
            }
            storeDown = false;
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                log.error("idle expiry failed", e);
            } else if (!storeDown) {
                log.warn("queue store unavailable: idle expiry paused ({})", e.getMessage());
                storeDown = true;
            }
        }
    }
}
