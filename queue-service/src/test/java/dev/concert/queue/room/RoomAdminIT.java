package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.queuestatus.RoomKeys;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Operators steer each room through /admin/rooms, behind the admin key. */
class RoomAdminIT extends QueueServiceIntegrationTest {

    @Autowired
    Admission admission;

    private HttpResponse<String> put(UUID room, String json) {
        return send(admin("/admin/rooms/" + room).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> post(UUID room, String action) {
        return send(admin("/admin/rooms/" + room + "/" + action).POST(HttpRequest.BodyPublishers.noBody()));
    }

    private JsonNode view(UUID room) {
        HttpResponse<String> response = send(admin("/admin/rooms/" + room).GET());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    @Test
    void put_creates_a_room_with_the_operator_s_settings_and_changes_it_later() {
        UUID room = UUID.randomUUID();
        Instant opening = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.MILLIS);

        HttpResponse<String> created = put(room, "{\"opensAt\":\"" + opening + "\",\"capacity\":250,"
                + "\"admissionsPerSecond\":12.5}");

        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        JsonNode body = json(created);
        assertThat(body.get("roomId").asString()).isEqualTo(room.toString());
        assertThat(Instant.parse(body.get("opensAt").asString())).isEqualTo(opening);
        assertThat(body.get("opened").asBoolean()).isFalse();
        assertThat(body.get("paused").asBoolean()).isFalse();
        assertThat(body.get("capacity").asInt()).isEqualTo(250);
        assertThat(body.get("admissionsPerSecond").asDouble()).isEqualTo(12.5);

        HttpResponse<String> changed = put(room, "{\"capacity\":40,\"admissionsPerSecond\":0.5}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode now = view(room);
        assertThat(now.get("capacity").asInt()).isEqualTo(40);
        assertThat(now.get("admissionsPerSecond").asDouble()).isEqualTo(0.5);
        assertThat(Instant.parse(now.get("opensAt").asString())).as("left as it was").isEqualTo(opening);
        // the room's own status rules for the gateway, and the room in the list the jobs go through
        assertThat(redis.opsForValue().get(RoomKeys.prefix(PREFIX, room) + "status-rules"))
                .contains("capacity=40");
        HttpResponse<String> all = send(admin("/admin/rooms").GET());
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).valueStream().map(r -> r.get("roomId").asString())).contains(room.toString());
    }

    @Test
    void get_shows_how_many_fans_are_in_the_pre_queue_waiting_and_active() {
        UUID room = UUID.randomUUID();
        Instant opening = Instant.now().plus(Duration.ofHours(1));
        assertThat(put(room, "{\"opensAt\":\"" + opening + "\",\"capacity\":1}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            issueFor(UUID.randomUUID(), room);
        }

        JsonNode before = view(room);
        assertThat(before.get("preQueue").asLong()).isEqualTo(3);
        assertThat(before.get("waiting").asLong()).isZero();
        assertThat(before.get("active").asLong()).isZero();

        assertThat(post(room, "open").statusCode()).isEqualTo(200);
        admission.runOnce(room);

        JsonNode after = view(room);
        assertThat(after.get("opened").asBoolean()).isTrue();
        assertThat(after.get("preQueue").asLong()).isZero();
        assertThat(after.get("waiting").asLong()).isEqualTo(2);
        assertThat(after.get("active").asLong()).isEqualTo(1);
        assertThat(after.get("admittedPerMinute").asDouble()).isEqualTo(1.0);
    }

    @Test
    void pause_stops_admission_in_the_room_and_resume_restarts_it() {
        UUID room = UUID.randomUUID();
        assertThat(put(room, "{\"opensAt\":\"2020-01-01T00:00:00Z\"}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            issueFor(UUID.randomUUID(), room);
        }

        HttpResponse<String> paused = post(room, "pause");
        var whilePaused = admission.runOnce(room);

        assertThat(paused.statusCode()).isEqualTo(200);
        assertThat(json(paused).get("paused").asBoolean()).isTrue();
        assertThat(whilePaused.admitted()).isEmpty();
        assertThat(view(room).get("waiting").asLong()).isEqualTo(3);

        HttpResponse<String> resumed = post(room, "resume");
        var afterResume = admission.runOnce(room);

        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(json(resumed).get("paused").asBoolean()).isFalse();
        assertThat(afterResume.admitted()).hasSize(3);
        assertThat(view(room).get("active").asLong()).isEqualTo(3);
    }

    @Test
    void the_opening_of_a_room_that_has_opened_cannot_move_409_room_already_open() {
        UUID room = UUID.randomUUID();
        Instant opening = Instant.parse("2020-01-01T00:00:00Z");
        assertThat(put(room, "{\"opensAt\":\"" + opening + "\"}").statusCode()).isEqualTo(200);
        issueFor(UUID.randomUUID(), room); // the first join opens it

        HttpResponse<String> moved = put(room, "{\"opensAt\":\"" + Instant.now().plus(Duration.ofDays(1)) + "\"}");
        HttpResponse<String> openAgain = post(room, "open");
        HttpResponse<String> sameOpeningNewCapacity = put(room, "{\"opensAt\":\"" + opening + "\",\"capacity\":9}");

        assertThat(moved.statusCode()).isEqualTo(409);
        assertThat(json(moved).get("code").asString()).isEqualTo("ROOM_ALREADY_OPEN");
        assertThat(openAgain.statusCode()).isEqualTo(409);
        assertThat(json(openAgain).get("code").asString()).isEqualTo("ROOM_ALREADY_OPEN");
        assertThat(sameOpeningNewCapacity.statusCode()).as("what may still change does").isEqualTo(200);
        JsonNode now = view(room);
        assertThat(Instant.parse(now.get("opensAt").asString())).isEqualTo(opening);
        assertThat(now.get("opened").asBoolean()).isTrue();
        assertThat(now.get("capacity").asInt()).isEqualTo(9);
    }

    @Test
    void a_capacity_below_one_or_a_rate_not_above_zero_is_400_invalid_room_settings_and_changes_nothing() {
        UUID room = UUID.randomUUID();
        assertThat(put(room, "{\"capacity\":5,\"admissionsPerSecond\":2}").statusCode()).isEqualTo(200);

        HttpResponse<String> noCapacity = put(room, "{\"capacity\":0}");
        HttpResponse<String> noRate = put(room, "{\"admissionsPerSecond\":0}");
        HttpResponse<String> negativeRate = put(room, "{\"admissionsPerSecond\":-3}");

        for (HttpResponse<String> response : java.util.List.of(noCapacity, noRate, negativeRate)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
            assertThat(json(response).get("code").asString()).isEqualTo("INVALID_ROOM_SETTINGS");
        }
        JsonNode now = view(room);
        assertThat(now.get("capacity").asInt()).isEqualTo(5);
        assertThat(now.get("admissionsPerSecond").asDouble()).isEqualTo(2.0);
        HttpResponse<String> newRoom = put(UUID.randomUUID(), "{\"capacity\":-1}");
        assertThat(newRoom.statusCode()).isEqualTo(400);
    }

    @Test
    void a_room_that_does_not_exist_is_404_room_not_found() {
        UUID nowhere = UUID.randomUUID();

        HttpResponse<String> get = send(admin("/admin/rooms/" + nowhere).GET());
        HttpResponse<String> pause = post(nowhere, "pause");
        HttpResponse<String> open = post(nowhere, "open");

        for (HttpResponse<String> response : java.util.List.of(get, pause, open)) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(json(response).get("code").asString()).isEqualTo("ROOM_NOT_FOUND");
        }
        assertThat(redis.opsForZSet().score(RoomKeys.registry(PREFIX), nowhere.toString())).isNull();
        assertThat(redis.hasKey(RoomKeys.prefix(PREFIX, nowhere) + "room")).isFalse();
    }

    @Test
    void without_the_admin_key_it_is_401_and_with_a_wrong_one_403_and_nothing_changes() {
        UUID room = UUID.randomUUID();
        String settings = "{\"capacity\":3}";

        HttpResponse<String> noKey = send(request("/admin/rooms/" + room).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(settings)));
        HttpResponse<String> wrongKey = send(request("/admin/rooms/" + room).header("X-Admin-Key", "guess")
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(settings)));
        HttpResponse<String> listWithoutKey = send(request("/admin/rooms").GET());
        HttpResponse<String> pauseWithWrongKey = send(request("/admin/rooms/" + ROOM + "/pause")
                .header("X-Admin-Key", ADMIN_KEY + "x").POST(HttpRequest.BodyPublishers.noBody()));

        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(json(noKey).get("code").asString()).isEqualTo("ADMIN_KEY_REQUIRED");
        assertThat(listWithoutKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.statusCode()).isEqualTo(403);
        assertThat(json(wrongKey).get("code").asString()).isEqualTo("ADMIN_KEY_INVALID");
        assertThat(pauseWithWrongKey.statusCode()).isEqualTo(403);
        assertThat(redis.hasKey(RoomKeys.prefix(PREFIX, room) + "room")).as("the room was not created").isFalse();
        assertThat(view(ROOM).get("paused").asBoolean()).as("the shared room was not paused").isFalse();
    }
}
