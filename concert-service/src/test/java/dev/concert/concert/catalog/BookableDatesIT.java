package dev.concert.concert.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;
import dev.concert.events.ScheduleOpened;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class BookableDatesIT extends ConcertIntegrationTest {

    @Test
    void only_dates_on_sale_and_in_the_future_are_listed_soonest_first_with_available_seats() {
        Concert concert = newConcert();
        ScheduleOpened later = bookableSchedule(concert, Duration.ofDays(9));
        ScheduleOpened sooner = bookableSchedule(concert, Duration.ofDays(4));
        schedule(concert, Duration.ofDays(30), Duration.ofDays(-2), Duration.ofDays(20)); // sale opens in 2 days
        schedule(concert, Duration.ofHours(2), Duration.ofDays(10), Duration.ofHours(-1)); // sale closed an hour ago
        schedule(concert, Duration.ofHours(-3), Duration.ofDays(10), Duration.ofHours(-4)); // already played

        Response dates = get("/api/v1/concerts/" + concert.id() + "/schedules");
        assertThat(dates.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        dates.body().forEach(d -> ids.add(d.path("scheduleId").asString()));
        assertThat(ids).containsExactly(sooner.scheduleId().toString(), later.scheduleId().toString());
        JsonNode first = dates.body().get(0);
        assertThat(first.path("availableSeats").asInt()).isEqualTo(50);
        assertThat(first.path("totalSeats").asInt()).isEqualTo(50);
        assertThat(first.path("startsAt").asString()).isEqualTo(sooner.startsAt().toString());
    }

    @Test
    void the_concert_list_shows_concerts_that_have_a_bookable_date() {
        Concert bookable = newConcert();
        bookableSchedule(bookable, Duration.ofDays(3));
        bookableSchedule(bookable, Duration.ofDays(6));
        Concert soldOutInTime = newConcert();
        schedule(soldOutInTime, Duration.ofHours(2), Duration.ofDays(10), Duration.ofHours(-1));

        Response concerts = get("/api/v1/concerts");
        assertThat(concerts.status()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        concerts.body().forEach(c -> ids.add(c.path("concertId").asString()));
        assertThat(ids).contains(bookable.id().toString()).doesNotContain(soldOutInTime.id().toString());
        concerts.body().forEach(c -> {
            if (c.path("concertId").asString().equals(bookable.id().toString())) {
                assertThat(c.path("bookableSchedules").asInt()).isEqualTo(2);
                assertThat(c.path("title").asString()).isEqualTo(bookable.title());
            }
        });
        // a known concert without bookable dates answers an empty list, not 404
        Response none = get("/api/v1/concerts/" + soldOutInTime.id() + "/schedules");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().size()).isZero();
    }

    @Test
    void an_unknown_concert_is_404_and_a_malformed_id_is_400_problem_json() {
        Response unknown = get("/api/v1/concerts/" + UUID.randomUUID() + "/schedules");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("application/problem+json");
        assertThat(unknown.code()).isEqualTo("CONCERT_NOT_FOUND");

        Response malformed = get("/api/v1/concerts/12345/schedules");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.contentType()).startsWith("application/problem+json");
        assertThat(malformed.code()).isEqualTo("MALFORMED_PARAMETER");
    }

    @Test
    void the_catalog_like_every_api_call_needs_an_access_token() {
        Concert concert = newConcert();
        bookableSchedule(concert, Duration.ofDays(5));

        for (String path : new String[] {"/api/v1/concerts", "/api/v1/concerts/" + concert.id() + "/schedules"}) {
            Response anonymous = getAnonymously(path);
            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
            assertThat(anonymous.code()).isEqualTo("ACCESS_TOKEN_MISSING");
            assertThat(get(path).status()).as(path + " signed in").isEqualTo(200);
        }
    }
}
