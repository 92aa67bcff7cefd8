package dev.concert.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

import dev.concert.reservation.reservation.HoldPolicy;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReservationConfiguration {

    /**
     * Whole seconds, UTC. Connector/J drops the fraction of a TIMESTAMP(6) when the server is MariaDB (it reads the
     * version as 5.5.5) but keeps it on MySQL 8: a seconds clock makes both store, compare and answer the same values.
     */
    @Bean
    Clock clock() {
        return Clock.tickSeconds(ZoneOffset.UTC);
    }

    @Bean
    HoldPolicy holdPolicy(@Value("${reservation.hold.duration}") Duration holdTime,
                          @Value("${reservation.hold.max-live-holds-per-user}") int maxLiveHolds,
                          @Value("${reservation.hold.payment-grace}") Duration paymentGrace) {
        return new HoldPolicy(holdTime, maxLiveHolds, paymentGrace);
    }
}
