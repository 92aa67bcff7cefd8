package dev.concert.queue.console;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * The console's readings and controls live in the application context (they use the rooms, Redis and Kafka); its
 * page and JSON live in the management context only ({@link ConsoleWebContext}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleSettings.class)
class ConsoleConfiguration {
}
