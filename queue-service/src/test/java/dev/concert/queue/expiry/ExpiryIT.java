package dev.concert.queue.expiry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.QueueStoreFixture;
import dev.concert.queue.admission.Admission;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

class ExpiryIT extends QueueServiceIntegrationTest {

    @Autowired
    LettuceConnectionFactory connections;

    @Autowired
    Admission admission;

    @Autowired
    ExpiryStore expiry;

    @Autowired
    QueueTokens tokens;

    @Test
    void a_claimed_active_token_idle_for_the_timeout_expires_idle_and_its_user_can_queue_again() {
        UUID user = UUID.randomUUID();
        String token = issueFor(user).get("token").asString();
        admission.runOnce(ROOM);
        assertThat(statusOf(token).get("status").asString()).isEqualTo("ACTIVE");
        QueueStoreFixture.claim(redis, ROOM_PREFIX, tokens.verify(token).tokenId(), Instant.now());

        long expired = expiry.expireIdle(ROOM, Instant.now().plus(Duration.ofMinutes(10)).plusSeconds(1)).total();

        assertThat(expired).isPositive();
        JsonNode status = statusOf(token);
        assertThat(status.get("status").asString()).isEqualTo("EXPIRED");
        assertThat(status.get("reason").asString()).isEqualTo("IDLE");
        assertThat(tokens.verify(issueFor(user).get("token").asString()).tokenId())
                .isNotEqualTo(tokens.verify(token).tokenId());
    }

    @Test
    void an_active_token_used_within_the_timeout_stays_active() {
        String token = issueFor(UUID.randomUUID()).get("token").asString();
        admission.runOnce(ROOM);
        QueueStoreFixture.claim(redis, ROOM_PREFIX, tokens.verify(token).tokenId(), Instant.now());

        expiry.expireIdle(ROOM, Instant.now().plus(Duration.ofMinutes(9)));

        JsonNode status = statusOf(token);
        assertThat(status.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(status.has("activeUntil")).isTrue();
    }

    @Test
    void an_admitted_place_not_claimed_within_the_claim_window_goes_to_the_next_in_line() {
        try (var instance = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 2, 10)) {
            Instant now = Instant.now();
            List<UUID> ids = instance.issue(4, now);
            List<UUID> hoarded = ids.subList(0, 2);
            assertThat(instance.admit(now).admitted()).containsExactlyElementsOf(hoarded);
            assertThat(instance.admit(now.plusSeconds(30)).admitted()).isEmpty();

            // within the window nothing moves; past it the unclaimed places go back
            assertThat(instance.expireIdle(now.plusSeconds(59)).total()).isZero();
            ExpiryStore.ExpiredIdle run = instance.expireIdle(now.plusSeconds(61));

            assertThat(run).isEqualTo(new ExpiryStore.ExpiredIdle(0, 2));
            assertThat(hoarded).allSatisfy(id -> assertThat(instance.stateOf(id)).isEqualTo("EXPIRED"));
            assertThat(instance.redis.opsForHash().get(instance.key("token:" + hoarded.get(0)), "reason"))
                    .isEqualTo("NOT_CLAIMED");
            assertThat(instance.admit(now.plusSeconds(62)).admitted())
                    .containsExactlyElementsOf(ids.subList(2, 4));
        }
    }

    @Test
    void a_place_claimed_in_time_keeps_the_idle_timeout() {
        try (var instance = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 1, 10)) {
            Instant now = Instant.now();
            UUID id = instance.issue(1, now).getFirst();
            instance.admit(now);
            instance.claim(id, now.plusSeconds(50));

            assertThat(instance.expireIdle(now.plusSeconds(61)).total()).isZero();
            assertThat(instance.expireIdle(now.plusSeconds(50).plus(Duration.ofMinutes(10)).plusSeconds(1)))
                    .isEqualTo(new ExpiryStore.ExpiredIdle(1, 0));
        }
    }

    @Test
    void two_instances_running_expiry_at_once_expire_each_token_exactly_once() throws Exception {
        try (var one = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 500, 500);
             var two = one.anotherInstance()) {
            Instant start = Instant.now();
            List<UUID> ids = one.issue(300, start);
            one.admit(start);
            Instant later = start.plus(Duration.ofMinutes(11));

            var a = CompletableFuture.supplyAsync(() -> one.expireIdle(later));
            var b = CompletableFuture.supplyAsync(() -> two.expireIdle(later));

            assertThat(a.get().total() + b.get().total()).isEqualTo(300);
            assertThat(one.activeCount()).isZero();
            assertThat(ids).allSatisfy(id -> assertThat(one.stateOf(id)).isEqualTo("EXPIRED"));
        }
    }

    @Test
    void a_place_freed_by_leaving_goes_to_the_next_in_line_at_the_next_admission() {
        try (var instance = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 1, 10)) {
            Instant now = Instant.now();
            UUID userA = UUID.randomUUID();
            UUID a = instance.join(userA, now).snapshot().tokenId();
            List<UUID> others = instance.issue(2, now);
            assertThat(instance.admit(now).admitted()).containsExactly(a);
            assertThat(instance.admit(now.plusSeconds(1)).admitted()).isEmpty();

            assertThat(instance.leave(a, userA, now.plusSeconds(2))).isTrue();

            assertThat(instance.admit(now.plusSeconds(3)).admitted()).containsExactly(others.get(0));
            assertThat(instance.stateOf(others.get(1))).isEqualTo("WAITING");
        }
    }

    @Test
    void only_the_owner_can_make_a_token_leave() {
        try (var instance = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), 5, 5)) {
            UUID id = instance.issue(1, Instant.now()).getFirst();

            assertThat(instance.leave(id, UUID.randomUUID(), Instant.now())).isFalse();
            assertThat(instance.stateOf(id)).isEqualTo("WAITING");
        }
    }
}
