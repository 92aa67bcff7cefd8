package dev.concert.gateway.ratelimit;

import java.util.List;

import dev.concert.gateway.LoadedScript;

import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.cloud.gateway.support.ConfigurationService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Spring Cloud Gateway's own Redis rate limiter (token bucket, its script from its jar), with the script read once:
 * the auto-configured one re-checks the script's resource on every request (see {@link LoadedScript}). The
 * auto-configured limiter steps back when this bean exists; the routes' {@code redis-rate-limiter.*} arguments bind
 * to it as before.
 */
@Configuration(proxyBeanMethods = false)
class RateLimiterScript {

    /** The script Spring Cloud Gateway ships ({@code GatewayRedisAutoConfiguration} reads the same location). */
    static final String LOCATION = "META-INF/scripts/request_rate_limiter.lua";

    @Bean
    @SuppressWarnings({"rawtypes", "unchecked"})
    RedisRateLimiter redisRateLimiter(ReactiveStringRedisTemplate redis, ConfigurationService configuration) {
        return new RedisRateLimiter(redis, (LoadedScript) LoadedScript.fromClasspath(LOCATION, List.class),
                configuration);
    }
}
