package dev.concert.identity;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The platform's bundled OAuth 2.1 / OpenID Connect provider (see README.md). */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class IdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** No start with the shipped placeholder database password. */
    @Bean
    static PlaceholderSecret.DatabasePasswordCheck databasePasswordCheck() {
        return new PlaceholderSecret.DatabasePasswordCheck();
    }
}
