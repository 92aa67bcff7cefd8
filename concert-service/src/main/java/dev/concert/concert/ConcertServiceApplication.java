package dev.concert.concert;

import dev.concert.platform.ServicePlatform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
// reads outside a transaction stay one statement: no read-only transaction (four round trips) around each
@EnableJpaRepositories(enableDefaultTransactions = false)
@ServicePlatform
@EnableScheduling
public class ConcertServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConcertServiceApplication.class, args);
    }
}
