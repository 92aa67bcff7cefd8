package dev.concert.concert;

import java.time.Clock;
import java.time.ZoneOffset;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ConcertConfiguration {

    /**
     * Whole seconds, UTC. Connector/J drops the fraction of a TIMESTAMP(6) when the server is MariaDB (it reads the
     * version as 5.5.5) but keeps it on MySQL 8: a seconds clock makes both store and answer the same values.
     */
    @Bean
    Clock clock() {
        return Clock.tickSeconds(ZoneOffset.UTC);
    }
}
