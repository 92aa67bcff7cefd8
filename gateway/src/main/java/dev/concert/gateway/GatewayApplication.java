package dev.concert.gateway;

import java.time.Clock;

import dev.concert.token.QueueTokens;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

@SpringBootApplication
@EnableConfigurationProperties({GatewaySettings.class, QueueAccessSettings.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Verification only needs the keys: pure computation, safe on the event loop. */
    @Bean
    QueueTokens queueTokens(QueueAccessSettings settings, Clock clock) {
        return new QueueTokens(settings.token().signingKeys(), clock);
    }
}
