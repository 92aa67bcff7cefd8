package dev.concert.queue.admission;

import dev.concert.queue.redis.QueueStoreUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs admission on every instance every interval; the script's shared bucket keeps the combined rate at the
 * configured one however many instances run it.
 */
@Component
@ConditionalOnProperty(name = "queue.jobs.enabled", havingValue = "true", matchIfMissing = true)
class AdmissionJob {

    private static final Logger log = LoggerFactory.getLogger(AdmissionJob.class);

    private final Admission admission;
    private boolean storeDown;

    AdmissionJob(Admission admission) {
        this.admission = admission;
    }

    @Scheduled(fixedDelayString = "${queue.admission.interval:PT1S}", initialDelayString = "PT1S")
    void admit() {
        try {
            admission.runOnce();
            if (storeDown) {
                log.info("queue store reachable again: admission resumed");
                storeDown = false;
            }
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                log.error("admission round failed", e);
            } else if (!storeDown) {
                log.warn("queue store unavailable: admission paused ({})", e.getMessage());
                storeDown = true;
            }
        }
    }
}
