package dev.concert.queue.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.StatusRules;
import dev.concert.queuestatus.StatusScript;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * queue-service keeps each room's status rules in Redis for the gateway, which answers status polls with them. The
 * shared room has the platform's settings (a room announced by a sale), so its rules are the configured ones.
 */
class StatusRulesPublicationIT extends QueueServiceIntegrationTest {

    @Autowired
    QueueSettings settings;

    @Autowired
    PublishStatusRules publication;

    @Test
    void the_rules_in_redis_are_this_services_configuration_and_come_back_after_a_flush() {
        String key = ROOM_PREFIX + StatusScript.RULES_KEY;
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.hasKey(key));
        assertThat(StatusRules.decode(redis.opsForValue().get(key))).contains(settings.statusRules());

        redis.delete(key); // a flushed or restarted Redis
        publication.publish();

        assertThat(StatusRules.decode(redis.opsForValue().get(key))).contains(settings.statusRules());
    }

    @Test
    void rules_left_by_an_instance_with_other_settings_are_replaced() {
        String key = ROOM_PREFIX + StatusScript.RULES_KEY;
        redis.opsForValue().set(key, settings.statusRules().encode().replace("capacity=", "capacity=9"));

        publication.publish();

        assertThat(redis.opsForValue().get(key)).isEqualTo(settings.statusRules().encode());
    }
}
