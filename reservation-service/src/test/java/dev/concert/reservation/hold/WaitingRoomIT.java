package dev.concert.reservation.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.concert.events.ScheduleOpened;
import dev.concert.reservation.ReservationIntegrationTest;

import org.junit.jupiter.api.Test;

/**
 * A queue token is for the waiting room of one sale, and the gateway relays that room as {@code X-Queue-Room}. It can
 * compare a path's schedule with it but not a body's, so reservation-service refuses a hold or a seat map of another
 * schedule itself (403 WRONG_ROOM) before anything is written, and a request without a room at all the same way.
 */
class WaitingRoomIT extends ReservationIntegrationTest {

    @Test
    void holding_a_seat_of_another_rooms_schedule_is_403_wrong_room_and_nothing_is_held() {
        ScheduleOpened admittedTo = openSchedule(50);
        ScheduleOpened another = openSchedule(50);
        UUID user = UUID.randomUUID();
        UUID seat = another.seats().get(0).seatId();

        Response refused = holdInRoom(port, admittedTo.scheduleId(), user, another.scheduleId(), seat);

        assertThat(refused.status()).as(refused.body().toString()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.code()).isEqualTo("WRONG_ROOM");
        assertThat(refused.body().path("detail").asString())
                .contains(admittedTo.scheduleId().toString()).contains(another.scheduleId().toString());
        assertNothingHeld(user, another);
        assertThat(hold(user, another.scheduleId(), seat).status())
                .as("the same seat from inside its own sale's room").isEqualTo(201);
    }

    @Test
    void a_request_without_a_room_is_refused() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        String seatOne = "{\"scheduleId\":\"" + schedule.scheduleId() + "\",\"seatId\":\""
                + schedule.seats().get(0).seatId() + "\"}";
        Map<String, String> unreadableRoom = new HashMap<>(signedIn(user.toString()));
        unreadableRoom.put("X-Queue-Room", "not-a-schedule");

        List<Response> refused = List.of(
                post(port, "/api/v1/reservations", user.toString(), seatOne),
                postWithHeaders(port, "/api/v1/reservations", unreadableRoom, seatOne),
                get(port, "/api/v1/schedules/" + schedule.scheduleId() + "/seats", user.toString()),
                getWithHeaders(port, "/api/v1/schedules/" + schedule.scheduleId() + "/seats", unreadableRoom));

        assertThat(refused).allSatisfy(r -> {
            assertThat(r.status()).as(r.body().toString()).isEqualTo(403);
            assertThat(r.contentType()).startsWith("application/problem+json");
            assertThat(r.code()).isEqualTo("WRONG_ROOM");
            assertThat(r.body().path("detail").asString()).startsWith("no waiting room");
        });
        assertNothingHeld(user, schedule);
    }

    @Test
    void the_seat_map_of_another_rooms_schedule_is_403_wrong_room() {
        ScheduleOpened admittedTo = openSchedule(50);
        ScheduleOpened another = openSchedule(50);
        UUID user = UUID.randomUUID();

        Response refused = getWithHeaders(port, "/api/v1/schedules/" + another.scheduleId() + "/seats",
                inRoom(user.toString(), admittedTo.scheduleId()));

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("WRONG_ROOM");
        assertThat(refused.body().path("seats").isMissingNode()).as("no seat of the other sale shown").isTrue();
        assertThat(seatMap(another.scheduleId(), user).status()).isEqualTo(200);
    }

    @Test
    void a_fan_reads_and_gives_up_their_reservations_without_a_room() {
        ScheduleOpened schedule = openSchedule(50);
        UUID user = UUID.randomUUID();
        Response held = hold(user, schedule.scheduleId(), schedule.seats().get(2).seatId());
        assertThat(held.status()).isEqualTo(201);
        String path = "/api/v1/reservations/" + held.body().path("reservationId").asString();

        // what a fan holds stays theirs to see and to give up after their queue token has ended
        assertThat(get(path, user).status()).isEqualTo(200);
        assertThat(get("/api/v1/reservations", user).status()).isEqualTo(200);
        assertThat(delete(path, user).status()).isEqualTo(200);
    }

    private void assertNothingHeld(UUID user, ScheduleOpened schedule) {
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE user_id = ?", user.toString()))
                .as("no reservation").isZero();
        assertThat(count("SELECT COUNT(*) FROM seat WHERE schedule_id = ? AND status <> 'AVAILABLE'",
                schedule.scheduleId().toString())).as("no seat taken").isZero();
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE envelope_json LIKE ?", "%" + user + "%"))
                .as("no SeatHeld").isZero();
    }
}
