package dev.concert.platform.messaging;

import dev.concert.platform.ServicePlatform;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
@ServicePlatform
class MessagingTestApplication {
}
