package dev.concert.queue.token;

import java.time.Clock;

import dev.concert.queue.QueueSettings;
import dev.concert.token.QueueTokens;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TokenSigningConfiguration {

    /** Fails start-up with a readable message when no usable signing key is configured. */
    @Bean
    QueueTokens queueTokens(QueueSettings settings, Clock clock) {
        return new QueueTokens(settings.token().signingKeys(), clock);
    }
}
