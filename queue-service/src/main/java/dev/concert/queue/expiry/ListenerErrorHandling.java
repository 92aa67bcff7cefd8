package dev.concert.queue.expiry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.FixedBackOff;

@Configuration(proxyBeanMethods = false)
class ListenerErrorHandling {

    /**
     * Redis down while an event arrives: retry for about half a minute, then give up on that record (logged) — the
     * token it would have ended still expires by the idle timeout, so nothing is lost for good.
     */
    @Bean
    DefaultErrorHandler reservationEventsErrorHandler() {
        return new DefaultErrorHandler(new FixedBackOff(2000, 15));
    }
}
