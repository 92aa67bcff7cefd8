package dev.concert.identity.limit;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import dev.concert.identity.IdentitySettings;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The limiters against a Redis that is not there (a port nobody listens on): they let the request through, quickly,
 * and count it. Under a second.
 */
class WindowCountersTest {

    private final LettuceConnectionFactory nowhere = new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", 1),
            LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(300)).build());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        nowhere.destroy();
    }

    @Test
    void without_redis_the_limits_fail_open_and_say_so_in_a_metric() {
        nowhere.afterPropertiesSet();
        nowhere.start();
        WindowCounters counters = new WindowCounters(new StringRedisTemplate(nowhere), new IdentitySettings(4, null,
                null, null, null, null, null, new IdentitySettings.Redis("test:"), null), meters);

        assertThat(counters.take("sign-up", new WindowCounters.Limit("a", 0), Duration.ofMinutes(1))).isEmpty();
        assertThat(counters.reached("sign-in", List.of(new WindowCounters.Limit("b", 0)))).isEmpty();
        counters.count("sign-in", List.of("b"), Duration.ofMinutes(1));

        assertThat(meters.counter("identity.limits.unavailable", "limit", "sign-in").count()).isEqualTo(2);
        assertThat(meters.counter("identity.limits.unavailable", "limit", "sign-up").count()).isEqualTo(1);
    }
}
