package dev.concert.queue.web;

import dev.concert.platform.web.ProblemResponses;
import dev.concert.queue.redis.QueueStoreUnavailable;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Redis down or too slow: 503 QUEUE_STORE_UNAVAILABLE within the command timeout, never a hang. Runs before the
 * platform's handler, which would call it a database outage.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StoreUnavailableResponses {

    private static final Logger log = LoggerFactory.getLogger(StoreUnavailableResponses.class);

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> storeFailure(DataAccessException e) {
        if (QueueStoreUnavailable.isOutage(e)) {
            log.warn("queue store unavailable: {}", e.getMessage());
            return ProblemResponses.problem(HttpStatus.SERVICE_UNAVAILABLE, "QUEUE_STORE_UNAVAILABLE",
                    "the queue store is unavailable; retry shortly");
        }
        log.error("queue store call failed", e);
        return ProblemResponses.problem(HttpStatus.INTERNAL_SERVER_ERROR, "INTERNAL_ERROR",
                "the queue could not answer; this is a bug, not your request");
    }
}
