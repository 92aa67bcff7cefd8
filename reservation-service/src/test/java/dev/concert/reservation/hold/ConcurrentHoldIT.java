package dev.concert.reservation.hold;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import dev.concert.events.ScheduleOpened;
import dev.concert.reservation.ReservationIntegrationTest;
import dev.concert.reservation.ReservationServiceApplication;
import dev.concert.testing.TestInfrastructure;
import dev.concert.testing.TestIssuer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Invariant 1 under load, across two application instances sharing one database: a seat is held by at most one
 * reservation. Without the {@code AND status = 'AVAILABLE'} of the hold's UPDATE these tests fail.
 */
class ConcurrentHoldIT extends ReservationIntegrationTest {

    private static ConfigurableApplicationContext secondInstance;
    private static int secondPort;

    @BeforeAll
    static void startSecondInstance() {
        // started by hand, not by the test framework: it must be told to trust the test issuer's tokens itself
        secondInstance = new SpringApplicationBuilder(ReservationServiceApplication.class).profiles("test")
                .initializers(new TestIssuer.Registration(), new TestInfrastructure.Registration())
                .properties("server.port=0").run();
        secondPort = Integer.parseInt(secondInstance.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stopSecondInstance() {
        if (secondInstance != null) {
            secondInstance.close();
        }
    }

    @Test
    void of_200_concurrent_holds_of_one_seat_across_two_instances_exactly_one_succeeds() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        UUID seatId = schedule.seats().get(0).seatId();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                int target = i % 2 == 0 ? port : secondPort;
                answers.add(pool.submit(() -> {
                    go.await();
                    return hold(target, UUID.randomUUID(), schedule.scheduleId(), seatId);
                }));
            }
            go.countDown();
        }
        int created = 0;
        int conflicts = 0;
        for (Future<Response> answer : answers) {
            Response r = answer.get();
            if (r.status() == 201) {
                created++;
            } else if (r.status() == 409 && "SEAT_NOT_AVAILABLE".equals(r.code())) {
                conflicts++;
            }
        }
        assertThat(created).isEqualTo(1);
        assertThat(conflicts).isEqualTo(199);
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE seat_id = ?", seatId.toString())).isOne();
        assertThat(count("""
                SELECT COUNT(*) FROM seat s JOIN reservation r ON r.id = s.reservation_id
                WHERE s.id = ? AND s.status = 'HELD' AND r.status = 'HELD'""", seatId.toString())).isOne();
    }

    @Test
    void a_thousand_users_racing_for_50_seats_get_exactly_50_holds_and_no_seat_twice() throws Exception {
        ScheduleOpened schedule = openSchedule(50);
        Set<UUID> heldSeats = ConcurrentHashMap.newKeySet();
        List<Future<UUID>> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            for (int i = 0; i < 1000; i++) {
                int target = i % 2 == 0 ? port : secondPort;
                outcomes.add(pool.submit(() -> tryUntilSeatedOrSoldOut(target, schedule.scheduleId())));
            }
        } finally {
            pool.shutdown();
            assertThat(pool.awaitTermination(120, TimeUnit.SECONDS)).isTrue();
        }
        int seated = 0;
        for (Future<UUID> outcome : outcomes) {
            UUID seat = outcome.get();
            if (seat != null) {
                seated++;
                assertThat(heldSeats.add(seat)).as("seat %s held twice", seat).isTrue();
            }
        }
        assertThat(seated).isEqualTo(50);
        assertThat(heldSeats).hasSize(50);
        String scheduleId = schedule.scheduleId().toString();
        assertThat(count("SELECT COUNT(*) FROM reservation WHERE schedule_id = ? AND status = 'HELD'", scheduleId))
                .isEqualTo(50);
        assertThat(count("SELECT COUNT(DISTINCT seat_id) FROM reservation WHERE schedule_id = ?", scheduleId))
                .isEqualTo(50);
        assertThat(count("""
                SELECT COUNT(*) FROM seat s JOIN reservation r ON r.id = s.reservation_id AND r.seat_id = s.id
                WHERE s.schedule_id = ? AND s.status = 'HELD'""", scheduleId)).isEqualTo(50);
    }

    /** A user looks at the seat map, picks a free seat at random and tries; returns the seat held, or null. */
    private static UUID tryUntilSeatedOrSoldOut(int port, UUID scheduleId) {
        UUID user = UUID.randomUUID();
        for (int attempt = 0; attempt < 100; attempt++) {
            JsonNode seats = seatMap(port, scheduleId, user.toString()).body().path("seats");
            List<UUID> free = new ArrayList<>();
            for (JsonNode seat : seats) {
                if ("AVAILABLE".equals(seat.path("status").asString())) {
                    free.add(UUID.fromString(seat.path("seatId").asString()));
                }
            }
            if (free.isEmpty()) {
                return null;
            }
            UUID pick = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            Response answer = hold(port, user, scheduleId, pick);
            if (answer.status() == 201) {
                return pick;
            }
            assertThat(answer.status()).isEqualTo(409);
        }
        throw new AssertionError("user " + user + " neither got a seat nor saw the schedule sold out");
    }
}
