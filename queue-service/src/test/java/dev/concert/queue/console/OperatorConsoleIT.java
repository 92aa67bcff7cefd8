package dev.concert.queue.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import tools.jackson.databind.JsonNode;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.admission.Admission;
import dev.concert.queuestatus.RoomKeys;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;

/**
 * The operator console without a browser: where it is served (the management port only), that nothing in it answers
 * without the admin key, that its controls change the room in Redis (so every instance follows) and are audited,
 * and that services which do not answer leave the page working (test profile: every neighbour at 127.0.0.1:1).
 */
class OperatorConsoleIT extends QueueServiceIntegrationTest {

    @LocalManagementPort
    int managementPort;

    @Autowired
    Admission admission;

    private final ListAppender<ILoggingEvent> audit = new ListAppender<>();

    @BeforeEach
    void listenToTheAuditLog() {
        audit.start();
        ((Logger) LoggerFactory.getLogger("audit.operator-console")).addAppender(audit);
    }

    @AfterEach
    void stopListening() {
        ((Logger) LoggerFactory.getLogger("audit.operator-console")).detachAppender(audit);
    }

    private HttpRequest.Builder management(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path));
    }

    private HttpResponse<String> console(String path, String body) {
        HttpRequest.Builder request = management(path).header("X-Admin-Key", ADMIN_KEY)
                .header("X-Operator", "Ada Lovelace");
        return send(body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private UUID newRoom() {
        UUID room = UUID.randomUUID();
        HttpResponse<String> put = send(admin("/admin/rooms/" + room).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"capacity\":50,\"admissionsPerSecond\":5}")));
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return room;
    }

    private JsonNode adminView(UUID room) {
        HttpResponse<String> view = send(admin("/admin/rooms/" + room).GET());
        assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
        return json(view);
    }

    @Test
    void the_page_is_served_on_the_management_port_and_not_on_the_api_port() {
        HttpResponse<String> page = send(management("/console").GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("Operator console").contains("/console/console.js");
        assertThat(send(management("/console/console.js").GET()).statusCode()).isEqualTo(200);
        assertThat(send(management("/console/console.css").GET()).statusCode()).isEqualTo(200);

        for (String path : List.of("/console", "/console/", "/console/console.js", "/console/api/overview")) {
            HttpResponse<String> onApiPort = send(request(path).header("X-Admin-Key", ADMIN_KEY).GET());
            assertThat(onApiPort.statusCode()).as(path + " on the API port").isEqualTo(404);
        }
        assertThat(send(request("/console/api/rooms/" + ROOM + "/pause").header("X-Admin-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(404);
    }

    @Test
    void the_page_holds_no_data_and_loads_nothing_from_the_internet() {
        for (String file : List.of("/console", "/console/console.js", "/console/console.css")) {
            String body = send(management(file).GET()).body();
            assertThat(body).as(file).doesNotContain("http://").doesNotContain("https://")
                    .doesNotContain("@import").doesNotContain("url(");
            assertThat(body).doesNotContain(ROOM.toString());
        }
    }

    @Test
    void every_console_call_without_the_admin_key_is_refused_with_a_problem() {
        UUID room = newRoom();
        for (HttpRequest.Builder call : List.of(management("/console/api/overview").GET(),
                management("/console/api/rooms/" + room + "/pause").POST(HttpRequest.BodyPublishers.noBody()),
                management("/console/api/parked/reservation-service/replay").POST(HttpRequest.BodyPublishers.noBody()),
                management("/console/api/schedules/" + room + "/close").POST(HttpRequest.BodyPublishers.noBody()),
                management("/console/api/no-such-thing").GET())) {
            HttpResponse<String> refused = send(call);
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
            assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(json(refused).get("code").asString()).isEqualTo("ADMIN_KEY_REQUIRED");
        }
        HttpResponse<String> wrongKey = send(management("/console/api/rooms/" + room + "/pause")
                .header("X-Admin-Key", "not-the-key").POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(wrongKey.statusCode()).isEqualTo(403);
        assertThat(json(wrongKey).get("code").asString()).isEqualTo("ADMIN_KEY_INVALID");

        assertThat(adminView(room).get("paused").asBoolean()).as("nothing changed").isFalse();
        assertThat(audit.list).isEmpty();
    }

    @Test
    void pausing_a_room_from_the_console_changes_it_in_redis_and_writes_who_and_what_to_the_audit_log() {
        UUID room = newRoom();

        HttpResponse<String> paused = console("/console/api/rooms/" + room + "/pause", null);

        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(json(paused).get("paused").asBoolean()).isTrue();
        assertThat(adminView(room).get("paused").asBoolean()).isTrue();
        assertThat(redis.opsForHash().get(RoomKeys.prefix(PREFIX, room) + "room", "paused")).isEqualTo("1");
        assertThat(audit.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).hasToString("INFO");
            assertThat(line.getFormattedMessage()).contains("who=Ada Lovelace@127.0.0.1").contains("what=pause")
                    .contains("room=" + room).contains("before={paused=false").contains("after={paused=true");
        });

        HttpResponse<String> resumed = console("/console/api/rooms/" + room + "/resume", null);
        assertThat(resumed.statusCode()).isEqualTo(200);
        assertThat(adminView(room).get("paused").asBoolean()).isFalse();
        assertThat(audit.list).hasSize(2);
    }

    @Test
    void capacity_and_admission_rate_set_in_the_console_are_the_room_s_for_every_instance() {
        UUID room = newRoom();

        HttpResponse<String> changed = console("/console/api/rooms/" + room + "/settings",
                "{\"capacity\":7,\"admissionsPerSecond\":2.5}");

        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        JsonNode view = adminView(room);
        assertThat(view.get("capacity").asInt()).isEqualTo(7);
        assertThat(view.get("admissionsPerSecond").asDouble()).isEqualTo(2.5);
        assertThat(redis.opsForValue().get(RoomKeys.prefix(PREFIX, room) + "status-rules")).contains("capacity=7");
        assertThat(audit.list).singleElement().satisfies(line -> assertThat(line.getFormattedMessage())
                .contains("before={paused=false, capacity=50, admissionsPerSecond=5.0}")
                .contains("after={paused=false, capacity=7, admissionsPerSecond=2.5}"));

        HttpResponse<String> refused = console("/console/api/rooms/" + room + "/settings", "{\"capacity\":0}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).get("code").asString()).isEqualTo("INVALID_ROOM_SETTINGS");
        assertThat(adminView(room).get("capacity").asInt()).isEqualTo(7);
        HttpResponse<String> unknown = console("/console/api/rooms/" + UUID.randomUUID() + "/pause", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("code").asString()).isEqualTo("ROOM_NOT_FOUND");
    }

    @Test
    void the_overview_shows_each_room_and_marks_services_that_do_not_answer_as_unreachable() {
        UUID room = newRoom();
        for (int i = 0; i < 3; i++) {
            issueFor(UUID.randomUUID(), room);
        }
        admission.runOnce(room);

        HttpResponse<String> overview = send(management("/console/api/overview").header("X-Admin-Key", ADMIN_KEY)
                .GET());

        assertThat(overview.statusCode()).as(overview.body()).isEqualTo(200);
        JsonNode body = json(overview);
        JsonNode shown = body.get("rooms").valueStream().filter(r -> r.get("roomId").asString()
                .equals(room.toString())).findFirst().orElseThrow();
        assertThat(shown.get("active").asLong()).isEqualTo(3);
        assertThat(shown.get("admittedRecently").asLong()).isEqualTo(3);
        assertThat(shown.get("capacity").asInt()).isEqualTo(50);
        assertThat(shown.get("paused").asBoolean()).isFalse();
        assertThat(body.get("flow").get("instances").valueStream().map(i -> i.get("reachable").asBoolean()))
                .isNotEmpty().containsOnly(false);
        assertThat(body.get("parked").valueStream().map(p -> p.get("reachable").asBoolean()))
                .hasSize(5).containsOnly(false);

        HttpResponse<String> closed = console("/console/api/schedules/" + room + "/close", null);
        assertThat(closed.statusCode()).as("concert-service does not answer here").isEqualTo(502);
        assertThat(json(closed).get("code").asString()).isEqualTo("SERVICE_UNREACHABLE");
    }
}
