package dev.concert.reservation.expiry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Runs the release on every instance; an unpaid hold is released within the hold time plus one interval. */
@Component
class HoldExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(HoldExpiryJob.class);

    private final ReleaseExpiredHolds expiry;

    HoldExpiryJob(ReleaseExpiredHolds expiry) {
        this.expiry = expiry;
    }

    @Scheduled(fixedDelayString = "${reservation.expiry.interval}", initialDelayString = "${reservation.expiry.interval}")
    void run() {
        try {
            int released = expiry.releaseExpired();
            if (released > 0) {
                log.info("released {} expired holds", released);
            }
        } catch (RuntimeException e) {
            // the next run retries; a database hiccup must not stop the schedule
            log.warn("hold expiry failed, will retry: {}", e.getMessage());
        }
    }
}
