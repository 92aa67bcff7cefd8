package dev.concert.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

class QueueRoomTest {

    static final UUID SCHEDULE = UUID.randomUUID();

    @Test
    void a_room_admits_the_schedule_whose_sale_it_guards() {
        QueueRoom room = QueueRoom.of(SCHEDULE.toString());

        assertThat(room.scheduleId()).isEqualTo(SCHEDULE);
        assertThatCode(() -> room.admits(SCHEDULE)).doesNotThrowAnyException();
    }

    @Test
    void a_room_refuses_another_schedule_with_403_wrong_room_naming_both() {
        UUID other = UUID.randomUUID();

        assertThatThrownBy(() -> new QueueRoom(SCHEDULE).admits(other)).isInstanceOfSatisfying(ApiProblem.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(e.code()).isEqualTo("WRONG_ROOM");
            assertThat(e.getMessage()).contains(SCHEDULE.toString()).contains(other.toString());
        });
    }

    @Test
    void a_schedule_nobody_knows_is_never_admitted() {
        assertThatThrownBy(() -> new QueueRoom(SCHEDULE).admits(null)).isInstanceOfSatisfying(ApiProblem.class,
                e -> assertThat(e.code()).isEqualTo("WRONG_ROOM"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" ", "not-a-uuid", "all", "*", "00000000-0000-0000-0000-00000000000g"})
    void a_request_without_a_room_or_with_an_unreadable_one_is_refused(String header) {
        assertThatThrownBy(() -> QueueRoom.of(header)).isInstanceOfSatisfying(ApiProblem.class, e -> {
            assertThat(e.status()).isEqualTo(HttpStatus.FORBIDDEN);
            assertThat(e.code()).isEqualTo("WRONG_ROOM");
            assertThat(e.getMessage()).startsWith("no waiting room");
        });
    }

    @Test
    void the_header_may_carry_surrounding_spaces() {
        assertThat(QueueRoom.of(" " + SCHEDULE + " ").scheduleId()).isEqualTo(SCHEDULE);
    }

    /** A controller of one schedule, as the services write them: the room is a parameter, the check one line. */
    @RestController
    static class ScheduleController {

        @GetMapping("/api/v1/schedules/{scheduleId}")
        String schedule(@PathVariable UUID scheduleId, QueueRoom room) {
            room.admits(scheduleId);
            return "ok";
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new ScheduleController())
            .setCustomArgumentResolvers(new QueueRoom.Resolver())
            .setControllerAdvice(new ProblemResponses())
            .build();

    @Test
    void a_controller_parameter_gets_the_room_the_gateway_relayed() throws Exception {
        mvc.perform(get("/api/v1/schedules/" + SCHEDULE).header("X-Queue-Room", SCHEDULE.toString()))
                .andExpect(status().isOk());
    }

    @Test
    void a_request_of_another_room_is_refused_as_problem_json() throws Exception {
        mvc.perform(get("/api/v1/schedules/" + SCHEDULE).header("X-Queue-Room", UUID.randomUUID().toString()))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("WRONG_ROOM"));
    }

    @Test
    void a_request_without_a_room_is_refused_before_the_controller_runs() throws Exception {
        mvc.perform(get("/api/v1/schedules/" + SCHEDULE))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("WRONG_ROOM"))
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("no waiting room")));
    }

    @Test
    void two_rooms_in_one_request_are_no_room() throws Exception {
        mvc.perform(get("/api/v1/schedules/" + SCHEDULE)
                        .header("X-Queue-Room", SCHEDULE.toString())
                        .header("X-Queue-Room", SCHEDULE.toString()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("WRONG_ROOM"));
    }
}
