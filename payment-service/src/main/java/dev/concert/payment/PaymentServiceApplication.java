package dev.concert.payment;

import java.time.Clock;

import dev.concert.platform.ServicePlatform;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

@SpringBootApplication
@ServicePlatform
@EnableScheduling
@ConfigurationPropertiesScan
public class PaymentServiceApplication {

    /** Hold expiry is judged against this clock (a fixed one in unit tests). */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        SpringApplication.run(PaymentServiceApplication.class, args);
    }
}
