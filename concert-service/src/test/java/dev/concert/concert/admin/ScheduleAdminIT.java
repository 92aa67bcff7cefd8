package dev.concert.concert.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;
import dev.concert.concert.catalog.Concert;
import dev.concert.events.ConcertChanged;
import dev.concert.events.ScheduleCancelled;
import dev.concert.events.ScheduleChanged;
import dev.concert.events.ScheduleOpened;
import dev.concert.events.ScheduleSaleClosed;
import dev.concert.events.ScheduleSaleReopened;
import dev.concert.events.Topics;
import dev.concert.testing.KafkaProbe;

import org.junit.jupiter.api.Test;

/** The operator's changes of concerts and dates: what each answers, announces and refuses (docs/saga.md, steps S). */
class ScheduleAdminIT extends ConcertIntegrationTest {

    private static final Duration WITHIN = Duration.ofSeconds(20);

    private ScheduleOpened onSale(Concert concert) {
        return bookableSchedule(concert, Duration.ofDays(10));
    }

    private ScheduleOpened announced(Concert concert) {
        return schedule(concert, Duration.ofDays(10), Duration.ofDays(-1), Duration.ofDays(9));
    }

    private static String path(ScheduleOpened schedule, String action) {
        return "/admin/v1/schedules/" + schedule.scheduleId() + (action.isEmpty() ? "" : "/" + action);
    }

    private long announced(Object key, String type) {
        return count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = ?", key.toString(), type);
    }

    private String row(ScheduleOpened schedule) {
        return jdbc.sql("SELECT CONCAT(status, ' ', starts_at, ' ', sale_opens_at, ' ', sale_closes_at)"
                + " FROM concert_schedule WHERE id = ?").param(schedule.scheduleId().toString())
                .query(String.class).single();
    }

    private boolean listed(ScheduleOpened schedule) {
        Response dates = get("/api/v1/concerts/" + schedule.concertId() + "/schedules");
        assertThat(dates.status()).isEqualTo(200);
        for (var date : dates.body()) {
            if (date.path("scheduleId").asString().equals(schedule.scheduleId().toString())) {
                return true;
            }
        }
        return false;
    }

    private static void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.code()).isEqualTo(code);
    }

    @Test
    void an_operator_renames_a_concert_and_ConcertChanged_is_announced_once() {
        Concert concert = newConcert();
        String path = "/admin/v1/concerts/" + concert.id();

        try (KafkaProbe events = new KafkaProbe(Topics.CONCERT)) {
            Response renamed = putAdmin(path, ADMIN_KEY, "{\"title\":\" Spring Gala \",\"venue\":\"Olympic Hall\"}");

            assertThat(renamed.status()).isEqualTo(200);
            assertThat(renamed.body().path("concertId").asString()).isEqualTo(concert.id().toString());
            assertThat(renamed.body().path("title").asString()).isEqualTo("Spring Gala");
            assertThat(renamed.body().path("venue").asString()).isEqualTo("Olympic Hall");
            assertThat(events.await(ConcertChanged.class, e -> e.concertId().equals(concert.id()), 1, WITHIN))
                    .singleElement().isEqualTo(new ConcertChanged(concert.id(), "Spring Gala", "Olympic Hall"));
        }
        assertThat(putAdmin(path, ADMIN_KEY, "{\"title\":\"Spring Gala\",\"venue\":\"Olympic Hall\"}").status())
                .as("the same again").isEqualTo(200);
        assertThat(announced(concert.id(), "ConcertChanged")).isEqualTo(1);

        assertProblem(putAdmin(path, ADMIN_KEY, "{\"title\":\"\",\"venue\":\"Hall\"}"), 400, "VALIDATION_FAILED");
        assertThat(putAdmin(path, ADMIN_KEY, "{\"title\":\"x\"}").status()).isEqualTo(400);
        assertThat(putAdmin(path, ADMIN_KEY, "{not json").status()).isEqualTo(400);
        assertThat(putAdmin("/admin/v1/concerts/not-a-uuid", ADMIN_KEY, "{\"title\":\"a\",\"venue\":\"b\"}").status())
                .isEqualTo(400);
        assertProblem(putAdmin("/admin/v1/concerts/" + UUID.randomUUID(), ADMIN_KEY,
                "{\"title\":\"a\",\"venue\":\"b\"}"), 404, "CONCERT_NOT_FOUND");
        assertThat(count("SELECT COUNT(*) FROM concert WHERE id = ? AND title = 'Spring Gala'", concert.id().toString()))
                .isEqualTo(1);
    }

    @Test
    void an_operator_moves_a_date_and_its_sale_before_the_sale_opens_and_ScheduleChanged_says_how() {
        ScheduleOpened schedule = announced(newConcert());
        Instant startsAt = Instant.now().plus(Duration.ofDays(20)).truncatedTo(ChronoUnit.SECONDS);
        Instant opensAt = startsAt.minus(Duration.ofDays(15));
        Instant closesAt = startsAt.minus(Duration.ofHours(1));
        String body = "{\"startsAt\":\"%s\",\"saleOpensAt\":\"%s\",\"saleClosesAt\":\"%s\"}"
                .formatted(startsAt, opensAt, closesAt);

        try (KafkaProbe events = new KafkaProbe(Topics.CONCERT)) {
            Response moved = putAdmin(path(schedule, ""), ADMIN_KEY, body);

            assertThat(moved.status()).as(moved.body().toString()).isEqualTo(200);
            assertThat(moved.body().path("status").asString()).isEqualTo("SCHEDULED");
            assertThat(moved.body().path("startsAt").asString()).isEqualTo(startsAt.toString());
            assertThat(moved.body().path("saleOpensAt").asString()).isEqualTo(opensAt.toString());
            assertThat(moved.body().path("onSale").asBoolean()).isFalse();
            assertThat(events.await(ScheduleChanged.class, e -> e.scheduleId().equals(schedule.scheduleId()), 1,
                    WITHIN)).singleElement().isEqualTo(new ScheduleChanged(schedule.scheduleId(),
                    schedule.concertId(), startsAt, opensAt, closesAt));
        }
        assertThat(putAdmin(path(schedule, ""), ADMIN_KEY, body).status()).as("the same again").isEqualTo(200);
        assertThat(announced(schedule.scheduleId(), "ScheduleChanged")).isEqualTo(1);
    }

    @Test
    void a_bad_or_late_change_of_a_date_is_refused_and_changes_nothing() {
        ScheduleOpened schedule = onSale(newConcert());
        String before = row(schedule);
        Instant startsAt = schedule.startsAt();
        String template = "{\"startsAt\":\"%s\",\"saleOpensAt\":\"%s\",\"saleClosesAt\":\"%s\"}";

        assertProblem(putAdmin(path(schedule, ""), ADMIN_KEY, template.formatted(startsAt,
                schedule.saleOpensAt().plusSeconds(60), schedule.saleClosesAt())), 409, "SALE_ALREADY_OPEN");
        List<Response> refused = List.of(
                putAdmin(path(schedule, ""), ADMIN_KEY, template.formatted(startsAt, schedule.saleClosesAt(),
                        schedule.saleOpensAt())),
                putAdmin(path(schedule, ""), ADMIN_KEY, template.formatted(startsAt, schedule.saleOpensAt(),
                        startsAt.plusSeconds(1))),
                putAdmin(path(schedule, ""), ADMIN_KEY, template.formatted("2020-01-01T00:00:00Z",
                        "2019-01-01T00:00:00Z", "2019-12-01T00:00:00Z")),
                putAdmin(path(schedule, ""), ADMIN_KEY, "{\"startsAt\":\"" + startsAt + "\"}"),
                putAdmin(path(schedule, ""), ADMIN_KEY, "{\"startsAt\":\"tomorrow\"}"),
                putAdmin("/admin/v1/schedules/not-a-uuid", ADMIN_KEY, template.formatted(startsAt,
                        schedule.saleOpensAt(), schedule.saleClosesAt())));
        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as(r.body().toString()).isEqualTo(400);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isNotBlank();
        });
        assertProblem(putAdmin("/admin/v1/schedules/" + UUID.randomUUID(), ADMIN_KEY, template.formatted(startsAt,
                schedule.saleOpensAt(), schedule.saleClosesAt())), 404, "SCHEDULE_NOT_FOUND");

        assertThat(row(schedule)).isEqualTo(before);
        assertThat(announced(schedule.scheduleId(), "ScheduleChanged")).isZero();
    }

    @Test
    void closing_a_sale_takes_the_date_off_the_catalog_until_it_is_reopened_and_repeating_either_is_harmless() {
        ScheduleOpened schedule = onSale(newConcert());
        assertThat(listed(schedule)).isTrue();

        try (KafkaProbe events = new KafkaProbe(Topics.CONCERT)) {
            Response closed = postAdmin(path(schedule, "close"), ADMIN_KEY, "");
            assertThat(closed.status()).isEqualTo(200);
            assertThat(closed.body().path("status").asString()).isEqualTo("SALE_CLOSED");
            assertThat(closed.body().path("onSale").asBoolean()).isFalse();
            assertThat(listed(schedule)).isFalse();
            assertThat(postAdmin(path(schedule, "close"), ADMIN_KEY, "").body().path("status").asString())
                    .isEqualTo("SALE_CLOSED");

            Response reopened = postAdmin(path(schedule, "reopen"), ADMIN_KEY, "");
            assertThat(reopened.status()).isEqualTo(200);
            assertThat(reopened.body().path("status").asString()).isEqualTo("SCHEDULED");
            assertThat(reopened.body().path("onSale").asBoolean()).isTrue();
            assertThat(listed(schedule)).isTrue();
            assertThat(postAdmin(path(schedule, "reopen"), ADMIN_KEY, "").status()).isEqualTo(200);

            assertThat(events.await(ScheduleSaleClosed.class, e -> e.scheduleId().equals(schedule.scheduleId()),
                    1, WITHIN)).hasSize(1);
            assertThat(events.await(ScheduleSaleReopened.class, e -> e.scheduleId().equals(schedule.scheduleId()),
                    1, WITHIN)).hasSize(1);
        }
        assertThat(announced(schedule.scheduleId(), "ScheduleSaleClosed")).isEqualTo(1);
        assertThat(announced(schedule.scheduleId(), "ScheduleSaleReopened")).isEqualTo(1);
    }

    @Test
    void a_cancelled_date_is_off_sale_for_good_every_later_change_is_409_and_a_second_cancel_is_harmless() {
        ScheduleOpened schedule = onSale(newConcert());

        try (KafkaProbe events = new KafkaProbe(Topics.CONCERT)) {
            Response cancelled = postAdmin(path(schedule, "cancel"), ADMIN_KEY, "");
            assertThat(cancelled.status()).isEqualTo(200);
            assertThat(cancelled.body().path("status").asString()).isEqualTo("CANCELLED");
            assertThat(cancelled.body().path("onSale").asBoolean()).isFalse();
            assertThat(events.await(ScheduleCancelled.class, e -> e.scheduleId().equals(schedule.scheduleId()), 1,
                    WITHIN)).singleElement()
                    .isEqualTo(new ScheduleCancelled(schedule.scheduleId(), schedule.concertId()));
        }
        assertThat(listed(schedule)).isFalse();
        String after = row(schedule);

        assertProblem(postAdmin(path(schedule, "reopen"), ADMIN_KEY, ""), 409, "SCHEDULE_CANCELLED");
        assertProblem(postAdmin(path(schedule, "close"), ADMIN_KEY, ""), 409, "SCHEDULE_CANCELLED");
        assertProblem(putAdmin(path(schedule, ""), ADMIN_KEY, "{\"startsAt\":\"%s\",\"saleOpensAt\":\"%s\",\"saleClosesAt\":\"%s\"}"
                .formatted(schedule.startsAt().plusSeconds(60), schedule.saleOpensAt(), schedule.saleClosesAt())),
                409, "SCHEDULE_CANCELLED");
        assertThat(postAdmin(path(schedule, "cancel"), ADMIN_KEY, "").body().path("status").asString())
                .isEqualTo("CANCELLED");

        assertThat(row(schedule)).isEqualTo(after);
        assertThat(announced(schedule.scheduleId(), "ScheduleCancelled")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?", schedule.scheduleId().toString()))
                .as("ScheduleOpened and ScheduleCancelled only").isEqualTo(2);
    }

    @Test
    void a_date_that_is_unknown_answers_404_and_a_malformed_id_400() {
        for (String action : List.of("close", "reopen", "cancel")) {
            assertProblem(postAdmin("/admin/v1/schedules/" + UUID.randomUUID() + "/" + action, ADMIN_KEY, ""), 404,
                    "SCHEDULE_NOT_FOUND");
            assertThat(postAdmin("/admin/v1/schedules/not-a-uuid/" + action, ADMIN_KEY, "").status())
                    .isEqualTo(400);
        }
    }

    @Test
    void without_the_admin_key_every_change_is_401_with_a_wrong_one_403_and_nothing_changes() {
        Concert concert = newConcert();
        ScheduleOpened schedule = onSale(concert);
        String before = row(schedule);
        String dates = "{\"startsAt\":\"%s\",\"saleOpensAt\":\"%s\",\"saleClosesAt\":\"%s\"}"
                .formatted(schedule.startsAt().plusSeconds(60), schedule.saleOpensAt(), schedule.saleClosesAt());

        for (String key : new String[] {null, "test-admin-kez"}) {
            int status = key == null ? 401 : 403;
            String code = key == null ? "ADMIN_KEY_REQUIRED" : "ADMIN_KEY_INVALID";
            assertProblem(putAdmin("/admin/v1/concerts/" + concert.id(), key, "{\"title\":\"a\",\"venue\":\"b\"}"),
                    status, code);
            assertProblem(putAdmin(path(schedule, ""), key, dates), status, code);
            for (String action : List.of("close", "reopen", "cancel")) {
                assertProblem(postAdmin(path(schedule, action), key, ""), status, code);
            }
        }

        assertThat(row(schedule)).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM concert WHERE id = ? AND title = ?", concert.id().toString(),
                concert.title())).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key IN (?, ?)",
                schedule.scheduleId().toString(), concert.id().toString())).isEqualTo(1);
    }
}
