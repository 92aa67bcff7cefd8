package dev.concert.queue.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisSystemException;

/** What a consumer waits out (and the web answers 503 for) versus what is a bug, for Redis's own failures. */
class QueueStoreUnavailableTest {

    @Test
    void redis_restarting_or_failing_over_is_an_outage_to_wait_out() {
        assertThat(QueueStoreUnavailable.isOutage(new RedisSystemException("loading",
                new RedisCommandExecutionException("LOADING Redis is loading the dataset in memory")))).isTrue();
        assertThat(QueueStoreUnavailable.isOutage(new RedisSystemException("replica",
                new RedisCommandExecutionException("READONLY You can't write against a read only replica.")))).isTrue();
        assertThat(QueueStoreUnavailable.isOutage(new RedisSystemException("failover",
                new RedisCommandExecutionException("MASTERDOWN Link with MASTER is down")))).isTrue();
        assertThat(QueueStoreUnavailable.isOutage(new RedisConnectionException("refused"))).isTrue();
        assertThat(QueueStoreUnavailable.isOutage(new RedisCommandTimeoutException("timed out"))).isTrue();
    }

    @Test
    void a_failing_script_is_a_bug_not_an_outage() {
        assertThat(QueueStoreUnavailable.isOutage(new RedisSystemException("script",
                new RedisCommandExecutionException("ERR Error running script: attempt to compare nil")))).isFalse();
    }
}
