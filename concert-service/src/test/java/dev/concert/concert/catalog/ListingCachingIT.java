package dev.concert.concert.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.concert.concert.ConcertIntegrationTest;

import org.junit.jupiter.api.Test;

/**
 * The listing fans reload while they wait for a sale: kept privately by the browser for ten seconds, then
 * revalidated with its ETag, so an unchanged listing comes back as a 304 without a body.
 */
class ListingCachingIT extends ConcertIntegrationTest {

    @Test
    void the_concert_list_may_be_kept_privately_for_ten_seconds_and_an_unchanged_one_revalidates_to_304() {
        bookableSchedule(newConcert(), Duration.ofDays(3));

        Response first = get("/api/v1/concerts");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=10");
        String etag = first.header("ETag");
        assertThat(etag).isNotBlank();

        Response unchanged = get("/api/v1/concerts", Map.of("If-None-Match", etag));

        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(unchanged.header("ETag")).isEqualTo(etag);
        assertThat(unchanged.header("Cache-Control")).isEqualTo("private, max-age=10");
        assertThat(unchanged.body().isEmpty()).as("no body travels again").isTrue();
    }

    @Test
    void the_dates_of_a_concert_revalidate_to_304_until_they_change() {
        Concert concert = newConcert();
        bookableSchedule(concert, Duration.ofDays(3));
        String path = "/api/v1/concerts/" + concert.id() + "/schedules";

        Response first = get(path);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("private, max-age=10");
        String etag = first.header("ETag");
        assertThat(get(path, Map.of("If-None-Match", etag)).status()).isEqualTo(304);

        bookableSchedule(concert, Duration.ofDays(5));

        Response changed = get(path, Map.of("If-None-Match", etag));
        assertThat(changed.status()).as("a new date is a new listing").isEqualTo(200);
        assertThat(changed.body().size()).isEqualTo(2);
        assertThat(changed.header("ETag")).isNotEqualTo(etag);
    }

    @Test
    void a_refusal_is_not_kept() {
        Response unknown = get("/api/v1/concerts/" + UUID.randomUUID() + "/schedules");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("ETag")).isNull();
        assertThat(unknown.header("Cache-Control")).doesNotContain("max-age=10");
        Response anonymous = getAnonymously("/api/v1/concerts");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Cache-Control")).doesNotContain("max-age=10");
    }
}
