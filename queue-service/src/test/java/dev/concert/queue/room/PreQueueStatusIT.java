package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.queuestatus.RoomKeys;
import dev.concert.token.QueueTokens;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a fan who joins before the opening sees over HTTP, and how the real service draws their places. */
class PreQueueStatusIT extends QueueServiceIntegrationTest {

    @Autowired
    Admission admission;

    @Autowired
    QueueTokens tokens;

    private UUID roomOpeningAt(Instant opening, int capacity) {
        UUID room = UUID.randomUUID();
        HttpResponse<String> created = send(admin("/admin/rooms/" + room).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"opensAt\":\"" + opening + "\",\"capacity\":" + capacity
                        + "}")));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return room;
    }

    @Test
    void a_token_taken_hours_before_the_opening_lives_its_whole_lifetime_from_the_opening() {
        Instant opening = Instant.now().plus(Duration.ofHours(5)).truncatedTo(ChronoUnit.MILLIS);
        UUID room = roomOpeningAt(opening, 1);

        var claims = tokens.verify(issueFor(UUID.randomUUID(), room).get("token").asString());

        // the lifetime (6 h) counts from the opening, not from the join: the wait after the opening is covered
        assertThat(claims.expiresAt())
                .isAfterOrEqualTo(opening.plus(Duration.ofHours(6)).truncatedTo(ChronoUnit.SECONDS));
        assertThat(redis.getExpire(RoomKeys.prefix(PREFIX, room) + "token:" + claims.tokenId()))
                .as("the record lives as long, in seconds").isGreaterThan(Duration.ofHours(10).toSeconds());
    }

    @Test
    void before_the_opening_a_fan_is_pre_queue_with_the_opening_and_after_it_waiting_with_a_position() {
        Instant opening = Instant.now().plus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
        UUID room = roomOpeningAt(opening, 1);
        List<String> fans = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            JsonNode issued = issueFor(UUID.randomUUID(), room);
            assertThat(issued.get("status").asString()).isEqualTo("PRE_QUEUE");
            assertThat(issued.get("roomId").asString()).isEqualTo(room.toString());
            assertThat(Instant.parse(issued.get("opensAt").asString())).isEqualTo(opening);
            assertThat(tokens.verify(issued.get("token").asString()).queueOrder()).as("no place before the draw")
                    .isZero();
            fans.add(issued.get("token").asString());
        }

        JsonNode before = statusOf(fans.getFirst());
        assertThat(before.get("status").asString()).isEqualTo("PRE_QUEUE");
        assertThat(Instant.parse(before.get("opensAt").asString())).isEqualTo(opening);
        assertThat(before.get("position").asLong()).isZero();
        assertThat(before.get("estimatedWaitSeconds").asLong()).as("the wait is until the opening")
                .isBetween(Duration.ofHours(2).minusMinutes(1).toSeconds(), Duration.ofHours(2).toSeconds() + 1);
        assertThat(before.get("pollAfterSeconds").asInt()).isPositive();

        HttpResponse<String> opened = send(admin("/admin/rooms/" + room + "/open")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(opened.statusCode()).isEqualTo(200);
        admission.runOnce(room);

        List<JsonNode> after = fans.stream().map(this::statusOf).toList();
        assertThat(after).allSatisfy(status -> assertThat(status.has("opensAt")).isFalse());
        assertThat(after.stream().filter(s -> s.get("status").asString().equals("ACTIVE")).count())
                .as("capacity 1").isEqualTo(1);
        List<JsonNode> waiting = after.stream().filter(s -> s.get("status").asString().equals("WAITING")).toList();
        assertThat(waiting).hasSize(2);
        assertThat(waiting.stream().map(s -> s.get("position").asLong())).containsExactlyInAnyOrder(1L, 2L);
        assertThat(waiting).allSatisfy(s -> assertThat(s.get("estimatedWaitSeconds").asLong()).isPositive());
    }

    @Test
    void the_service_draws_the_pre_queue_s_order_and_nobody_after_the_opening_gets_ahead() {
        int fans = 200;
        UUID room = roomOpeningAt(Instant.now().plus(Duration.ofHours(1)), 1);
        List<String> joined = new ArrayList<>();
        for (int i = 0; i < fans; i++) {
            joined.add(issueFor(UUID.randomUUID(), room).get("token").asString());
        }
        // the 200 joined again: the same token each, no new draw
        for (int i = 0; i < fans; i += 20) {
            String again = issueFor(ownerOf(joined.get(i)), room).get("token").asString();
            assertThat(tokens.verify(again).tokenId()).isEqualTo(tokens.verify(joined.get(i)).tokenId());
        }
        send(admin("/admin/rooms/" + room + "/pause").POST(HttpRequest.BodyPublishers.noBody()));
        send(admin("/admin/rooms/" + room + "/open").POST(HttpRequest.BodyPublishers.noBody()));
        JsonNode late = issueFor(UUID.randomUUID(), room); // opens the room, then queues

        List<Long> positions = joined.stream().map(t -> statusOf(t).get("position").asLong()).toList();
        Set<Long> distinct = new HashSet<>(positions);
        assertThat(distinct).hasSize(fans);
        assertThat(positions).allSatisfy(p -> assertThat(p).isBetween(1L, (long) fans));
        assertThat(late.get("status").asString()).isEqualTo("WAITING");
        assertThat(late.get("position").asLong()).isEqualTo(fans + 1);
        // join index against position: 1.0 for first come, first served; about 0 +- 0.07 for a fair draw of 200
        double sum = 0;
        for (int i = 0; i < fans; i++) {
            double d = (i + 1) - positions.get(i);
            sum += d * d;
        }
        double rho = 1 - 6 * sum / ((double) fans * ((double) fans * fans - 1));
        assertThat(Math.abs(rho)).isLessThan(0.35);
    }
}
