package dev.concert.concert.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;
import dev.concert.testing.KafkaProbe;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.Topics;

import org.junit.jupiter.api.Test;

class AdminApiIT extends ConcertIntegrationTest {

    private static final String CONCERTS = "/admin/v1/concerts";

    @Test
    void without_the_admin_key_it_is_401_and_with_a_wrong_key_403_and_nothing_is_written() {
        String title = "Unauthorised " + UUID.randomUUID();
        String body = "{\"title\":\"" + title + "\",\"venue\":\"Nowhere\"}";

        Response missing = postAdmin(CONCERTS, null, body);
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.code()).isEqualTo("ADMIN_KEY_REQUIRED");
        Response wrong = postAdmin(CONCERTS, "test-admin-kez", body);
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.code()).isEqualTo("ADMIN_KEY_INVALID");
        // the key is checked before the body: a bad body without a key still says 401
        assertThat(postAdmin(CONCERTS, null, "{not json").status()).isEqualTo(401);

        assertThat(count("SELECT COUNT(*) FROM concert WHERE title = ?", title)).isZero();
    }

    @Test
    void an_admin_creates_a_concert_and_a_schedule_whose_50_seat_catalog_is_announced_with_ScheduleOpened() {
        Response concert = postAdmin(CONCERTS, ADMIN_KEY, "{\"title\":\"Winter Gala\",\"venue\":\"Lotte Hall\"}");
        assertThat(concert.status()).isEqualTo(201);
        String concertId = concert.body().path("concertId").asString();
        Instant startsAt = Instant.now().plus(Duration.ofDays(12)).truncatedTo(ChronoUnit.SECONDS);

        try (KafkaProbe events = new KafkaProbe(Topics.CONCERT)) {
            Response schedule = postAdmin(CONCERTS + "/" + concertId + "/schedules", ADMIN_KEY,
                    "{\"startsAt\":\"" + startsAt + "\"}");
            assertThat(schedule.status()).isEqualTo(201);
            assertThat(schedule.body().path("totalSeats").asInt()).isEqualTo(50);
            UUID scheduleId = UUID.fromString(schedule.body().path("scheduleId").asString());

            List<ScheduleOpened> opened = events.await(ScheduleOpened.class,
                    e -> e.scheduleId().equals(scheduleId), 1, Duration.ofSeconds(20));
            assertThat(opened).singleElement().satisfies(e -> {
                assertThat(e.concertId().toString()).isEqualTo(concertId);
                assertThat(e.concertTitle()).isEqualTo("Winter Gala");
                assertThat(e.startsAt()).isEqualTo(startsAt);
                assertThat(e.seats()).hasSize(50);
                assertThat(e.seats()).extracting(ScheduleOpened.CatalogSeat::seatNumber).doesNotHaveDuplicates();
                assertThat(e.seats().get(0).grade()).isEqualTo("VIP");
                assertThat(e.seats().get(0).price()).isEqualTo(150_000);
            });
            assertThat(count("SELECT COUNT(*) FROM catalog_seat WHERE schedule_id = ?", scheduleId.toString()))
                    .isEqualTo(50);
        }
        Response dates = get("/api/v1/concerts/" + concertId + "/schedules");
        assertThat(dates.body().get(0).path("availableSeats").asInt()).isEqualTo(50);

        Response again = postAdmin(CONCERTS + "/" + concertId + "/schedules", ADMIN_KEY,
                "{\"startsAt\":\"" + startsAt + "\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("SCHEDULE_EXISTS");
    }

    @Test
    void a_custom_seat_catalog_is_kept_as_given() {
        String concertId = postAdmin(CONCERTS, ADMIN_KEY, "{\"title\":\"Small Room\",\"venue\":\"Club\"}")
                .body().path("concertId").asString();
        Response schedule = postAdmin(CONCERTS + "/" + concertId + "/schedules", ADMIN_KEY, """
                {"startsAt":"%s","seats":[{"seatNumber":1,"grade":"A","price":50000},
                                          {"seatNumber":2,"grade":"B","price":30000}]}"""
                .formatted(Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS)));
        assertThat(schedule.status()).isEqualTo(201);
        assertThat(schedule.body().path("totalSeats").asInt()).isEqualTo(2);
        assertThat(schedule.body().path("seats").get(1).path("price").asLong()).isEqualTo(30_000);
    }

    @Test
    void bad_input_is_400_problem_json_and_nothing_is_written() {
        String concertId = postAdmin(CONCERTS, ADMIN_KEY, "{\"title\":\"Validation\",\"venue\":\"Hall\"}")
                .body().path("concertId").asString();
        String schedules = CONCERTS + "/" + concertId + "/schedules";
        String future = Instant.now().plus(Duration.ofDays(5)).truncatedTo(ChronoUnit.SECONDS).toString();
        List<Response> refused = List.of(
                postAdmin(CONCERTS, ADMIN_KEY, "{\"title\":\"\",\"venue\":\"Hall\"}"),
                postAdmin(CONCERTS, ADMIN_KEY, "{\"title\":\"" + "x".repeat(201) + "\",\"venue\":\"Hall\"}"),
                postAdmin(schedules, ADMIN_KEY, "{}"),
                postAdmin(schedules, ADMIN_KEY, "{\"startsAt\":\"yesterday\"}"),
                postAdmin(schedules, ADMIN_KEY, "{\"startsAt\":\"2020-01-01T00:00:00Z\"}"),
                postAdmin(schedules, ADMIN_KEY, "{\"startsAt\":\"" + future + "\",\"saleClosesAt\":\"2099-01-01T00:00:00Z\"}"),
                postAdmin(schedules, ADMIN_KEY, "{\"startsAt\":\"" + future + "\",\"seats\":[{\"seatNumber\":1,\"grade\":\"A\",\"price\":-5}]}"),
                postAdmin(schedules, ADMIN_KEY, "{\"startsAt\":\"" + future + "\",\"seats\":[]}"),
                postAdmin(CONCERTS + "/not-a-uuid/schedules", ADMIN_KEY, "{\"startsAt\":\"" + future + "\"}"));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isNotBlank();
        });
        assertThat(count("SELECT COUNT(*) FROM concert_schedule WHERE concert_id = ?", concertId)).isZero();

        Response unknown = postAdmin(CONCERTS + "/" + UUID.randomUUID() + "/schedules", ADMIN_KEY,
                "{\"startsAt\":\"" + future + "\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("CONCERT_NOT_FOUND");
    }
}
