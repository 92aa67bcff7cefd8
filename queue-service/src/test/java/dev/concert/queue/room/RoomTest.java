package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.StatusRules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of a room's settings, without Redis. */
class RoomTest {

    private static final QueueSettings PLATFORM = new QueueSettings("{queue}:",
            new QueueSettings.TokenSettings("k", List.of(), Duration.ofHours(6), Duration.ofMinutes(30)),
            new QueueSettings.ActiveSettings(100, Duration.ofMinutes(10), Duration.ofSeconds(60)),
            new QueueSettings.AdmissionSettings(Duration.ofSeconds(1), 20, Duration.ofSeconds(60)),
            new QueueSettings.ExpirySettings(Duration.ofSeconds(5), 500),
            new QueueSettings.PollingSettings(1, 30, 20, 1000, 10, 15, 60),
            new QueueSettings.StreamSettings(Duration.ofMinutes(10), 100, Duration.ofSeconds(15)));

    private static final Instant OPENING = Instant.parse("2030-05-01T10:00:00Z");

    private static Room room() {
        return Room.forSale(UUID.randomUUID(), OPENING, PLATFORM);
    }

    @Test
    void a_room_announced_by_a_sale_opens_at_the_sale_with_the_platform_s_capacity_and_rate() {
        UUID schedule = UUID.randomUUID();

        Room room = Room.forSale(schedule, OPENING, PLATFORM);

        assertThat(room.id()).isEqualTo(schedule);
        assertThat(room.opensAt()).isEqualTo(OPENING);
        assertThat(room.opened()).isFalse();
        assertThat(room.paused()).isFalse();
        assertThat(room.capacity()).isEqualTo(100);
        assertThat(room.batchSize()).isEqualTo(20);
        assertThat(room.interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(room.admissionsPerSecond()).isEqualTo(20.0);
        assertThat(room.statusRules(PLATFORM)).isEqualTo(PLATFORM.statusRules());
    }

    @ParameterizedTest(name = "{0}/s: {1} every {2} ms")
    @CsvSource({
            "20, 20, 1000",
            "1, 1, 1000",
            "0.5, 1, 2000",
            "2.5, 3, 1200",
            "0.1, 1, 10000",
            "333.3, 334, 1002",
            "100000, 100000, 1000"})
    void admissions_per_second_become_whole_admissions_per_interval(double perSecond, int batch, long intervalMs) {
        Room room = room().admissionsPerSecond(perSecond);

        assertThat(room.batchSize()).isEqualTo(batch);
        assertThat(room.interval()).isEqualTo(Duration.ofMillis(intervalMs));
        assertThat(room.admissionsPerSecond()).isCloseTo(perSecond, withinPercentage(0.1));
    }

    @Test
    void a_room_s_status_rules_are_its_own_capacity_and_rate_with_the_platform_s_timeouts() {
        Room room = room().capacity(7).admissionsPerSecond(0.5);

        StatusRules rules = room.statusRules(PLATFORM);

        assertThat(rules.capacity()).isEqualTo(7);
        assertThat(rules.admissionsPerSecond()).isEqualTo(0.5);
        assertThat(rules.idleTimeout()).isEqualTo(PLATFORM.statusRules().idleTimeout());
        assertThat(rules.rateWindow()).isEqualTo(PLATFORM.statusRules().rateWindow());
        assertThat(rules.polling()).isEqualTo(PLATFORM.statusRules().polling());
    }

    @Test
    void the_opening_moves_while_it_is_ahead() {
        Room room = room().paused(true).capacity(5);
        Instant later = OPENING.plus(Duration.ofHours(2));

        Room moved = room.opening(later);

        assertThat(moved.opensAt()).isEqualTo(later);
        assertThat(moved.opened()).isFalse();
        assertThat(moved.paused()).as("the rest is kept").isTrue();
        assertThat(moved.capacity()).isEqualTo(5);
    }

    @Test
    void the_opening_of_a_room_that_has_opened_cannot_move() {
        Room opened = new Room(UUID.randomUUID(), OPENING, true, false, 10, 2, Duration.ofSeconds(1));

        assertThatThrownBy(() -> opened.opening(OPENING.plusSeconds(60)))
                .isInstanceOfSatisfying(RoomChangeRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(RoomChangeRefused.Reason.ROOM_ALREADY_OPEN);
                    assertThat(e.status().value()).isEqualTo(409);
                });
        assertThatThrownBy(() -> opened.opening(OPENING.minusSeconds(60))).isInstanceOf(RoomChangeRefused.class);
    }

    @Test
    void an_opened_room_still_changes_capacity_rate_and_pause() {
        Room opened = new Room(UUID.randomUUID(), OPENING, true, false, 10, 2, Duration.ofSeconds(1));

        Room changed = opened.capacity(50).admissionsPerSecond(5).paused(true);

        assertThat(changed.opened()).isTrue();
        assertThat(changed.opensAt()).isEqualTo(OPENING);
        assertThat(changed.capacity()).isEqualTo(50);
        assertThat(changed.admissionsPerSecond()).isEqualTo(5.0);
        assertThat(changed.paused()).isTrue();
        assertThat(changed.paused(false).paused()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, Integer.MIN_VALUE})
    void a_capacity_below_one_is_invalid(int capacity) {
        assertThatThrownBy(() -> room().capacity(capacity))
                .isInstanceOfSatisfying(RoomChangeRefused.class, e -> {
                    assertThat(e.reason()).isEqualTo(RoomChangeRefused.Reason.INVALID_ROOM_SETTINGS);
                    assertThat(e.status().value()).isEqualTo(400);
                });
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, -0.001, 100_000.5, Double.NaN, Double.POSITIVE_INFINITY})
    void a_rate_that_is_not_above_zero_or_beyond_the_bound_is_invalid(double perSecond) {
        assertThatThrownBy(() -> room().admissionsPerSecond(perSecond))
                .isInstanceOfSatisfying(RoomChangeRefused.class, e ->
                        assertThat(e.reason()).isEqualTo(RoomChangeRefused.Reason.INVALID_ROOM_SETTINGS));
    }

    @Test
    void a_room_needs_its_schedule_an_opening_and_a_positive_rate() {
        assertThatThrownBy(() -> new Room(null, OPENING, false, false, 1, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Room(UUID.randomUUID(), null, false, false, 1, 1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Room(UUID.randomUUID(), OPENING, false, false, 1, 0, Duration.ofSeconds(1)))
                .isInstanceOf(RoomChangeRefused.class);
        assertThatThrownBy(() -> new Room(UUID.randomUUID(), OPENING, false, false, 1, 1, Duration.ZERO))
                .isInstanceOf(RoomChangeRefused.class);
        assertThatThrownBy(() -> new Room(UUID.randomUUID(), OPENING, false, false, 1, 1, null))
                .isInstanceOf(RoomChangeRefused.class);
    }
}
