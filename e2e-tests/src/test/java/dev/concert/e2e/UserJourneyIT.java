package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.concert.e2e.Api.As;
import dev.concert.e2e.Api.Reply;
import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A fan's journey and the spec's failure paths, through the gateway, against two instances of every service and
 * identity-service: every fan is an account of its own (sign-up, PKCE sign-in), calls with its access token, and
 * with its queue token where the route needs one.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class UserJourneyIT {

    private static final Api api = LocalStack.api();
    private final List<Fan> queueTokensToRelease = new ArrayList<>();

    @BeforeAll
    static void startStack() {
        LocalStack.ensureStarted();
    }

    @AfterEach
    void leaveQueue() {
        // ACTIVE capacity is small here: whoever did not pay gives the place back
        queueTokensToRelease.forEach(fan -> api.delete("/api/v1/queue/tokens/me", fan.inQueue()));
    }

    @AfterAll
    static void invariantsHold() {
        if (Boolean.getBoolean("e2e.skip") || Boolean.getBoolean("fault-matrix.execution")) {
            return;
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(new Invariants("e2e").check()).allSatisfy((name, violations) ->
                        assertThat(violations).as(name).isEmpty()));
    }

    /** A new account, signed in, with a queue token (WAITING or ACTIVE) in the room of a bookable date. */
    private Fan joinQueue() {
        Fan fan = api.newFan();
        return joinQueue(fan, bookableSchedule(fan).path("scheduleId").asString());
    }

    /** The fan joins the waiting room of that date's sale. */
    private Fan joinQueue(Fan fan, String scheduleId) {
        Reply issued = api.issueQueueToken(fan, scheduleId);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.body().path("roomId").asString()).isEqualTo(scheduleId);
        fan.room(scheduleId);
        queueTokensToRelease.add(fan);
        return fan;
    }

    private Fan activeFan() {
        return awaitActive(joinQueue());
    }

    private Fan activeFanIn(String scheduleId) {
        return awaitActive(joinQueue(api.newFan(), scheduleId));
    }

    private static Fan awaitActive(Fan fan) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).until(() ->
                "ACTIVE".equals(queueStatus(fan)));
        return fan;
    }

    private static String queueStatus(Fan fan) {
        Reply status = api.get("/api/v1/queue/status", fan.inQueue());
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        return status.body().path("status").asString();
    }

    /** Browsing the catalog needs the access token only: no room spans every sale. */
    private JsonNode bookableSchedule(Fan fan) {
        Reply concerts = api.get("/api/v1/concerts", fan.signedIn());
        assertThat(concerts.status()).as(concerts.toString()).isEqualTo(200);
        JsonNode list = concerts.body().isArray() ? concerts.body() : concerts.body().path("concerts");
        assertThat(list.size()).isPositive();
        for (JsonNode concert : list) {
            Reply schedules = api.get("/api/v1/concerts/" + concert.path("concertId").asString() + "/schedules",
                    fan.signedIn());
            assertThat(schedules.status()).as(schedules.toString()).isEqualTo(200);
            JsonNode dates = schedules.body().isArray() ? schedules.body() : schedules.body().path("schedules");
            for (JsonNode date : dates) {
                if (date.path("availableSeats").asInt() > 5) {
                    return date;
                }
            }
        }
        throw new AssertionError("no bookable schedule with seats left in the demo data");
    }

    private JsonNode availableSeat(Fan fan, String scheduleId) {
        Reply seats = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.inQueue());
        assertThat(seats.status()).as(seats.toString()).isEqualTo(200);
        List<JsonNode> free = new ArrayList<>();
        seats.body().path("seats").forEach(s -> {
            if ("AVAILABLE".equals(s.path("status").asString())) {
                free.add(s);
            }
        });
        assertThat(free).isNotEmpty();
        return free.get(ThreadLocalRandom.current().nextInt(free.size()));
    }

    /** A seat of the date whose room the fan is in. */
    private JsonNode hold(Fan fan) {
        String scheduleId = fan.room();
        for (int attempt = 0; attempt < 5; attempt++) {
            JsonNode seat = availableSeat(fan, scheduleId);
            Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                    Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
            if (held.status() == 201) {
                return held.body();
            }
            assertThat(held.status()).as(held.toString()).isEqualTo(409);
        }
        throw new AssertionError("could not hold any seat");
    }

    /** The wallet is the signed-in user's: /users/me, the access token alone. */
    private void charge(Fan fan, long amount) {
        Reply charged = api.postIdempotent("/api/v1/users/me/wallet/charges", fan.signedIn(), Map.of("amount", amount));
        assertThat(charged.status()).as(charged.toString()).isBetween(200, 201);
    }

    private static long balance(Fan fan) {
        Reply wallet = api.get("/api/v1/users/me/wallet", fan.signedIn());
        assertThat(wallet.status()).as(wallet.toString()).isEqualTo(200);
        return wallet.body().path("balance").asLong();
    }

    private static String pay(Fan fan, String reservationId) {
        Reply paid = api.postIdempotent("/api/v1/payments", fan.inQueue(), Map.of("reservationId", reservationId));
        assertThat(paid.status()).as(paid.toString()).isIn(200, 201, 202);
        return paid.body().path("paymentId").asString();
    }

    record Outcome(String status, String failureReason) {
    }

    /** Follows a payment until it is final: the user's own payments stay readable with the access token alone. */
    private static Outcome awaitFinalState(Fan fan, String paymentId) {
        Outcome[] last = new Outcome[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() -> {
            Reply status = api.get("/api/v1/payments/" + paymentId, fan.signedIn());
            assertThat(status.status()).as(status.toString()).isEqualTo(200);
            last[0] = new Outcome(status.body().path("status").asString(),
                    status.body().path("failureReason").asString(null));
            return !"PENDING".equals(last[0].status());
        });
        return last[0];
    }

    private static Outcome payAndAwaitFinalState(Fan fan, String reservationId) {
        return awaitFinalState(fan, pay(fan, reservationId));
    }

    @Test
    void a_fan_signs_up_signs_in_waits_holds_a_seat_charges_pays_and_still_sees_the_booking_afterwards() {
        // sign-up and sign-in through the gateway: the account id is the access token's subject
        String email = "journey-" + UUID.randomUUID() + "@e2e.example.com";
        String password = "journey-password-1";
        PkceSignIn.Account account = PkceSignIn.signUp(api.base(), email, password);
        assertThat(account.email()).isEqualTo(email);
        PkceSignIn.Tokens tokens = PkceSignIn.signIn(api.authBase(), email, password);
        assertThat(tokens.accessToken()).isNotBlank();
        assertThat(tokens.refreshToken()).isNotBlank();
        Fan fan = new Fan(UUID.fromString(account.id()), email, password, tokens);

        // the catalog with the access token alone; then a place in the waiting room of the chosen date's sale
        JsonNode schedule = bookableSchedule(fan);
        int seatsBefore = schedule.path("availableSeats").asInt();
        String scheduleId = schedule.path("scheduleId").asString();
        Reply issued = api.issueQueueToken(fan, scheduleId);
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        assertThat(issued.body().path("status").asString()).isIn("WAITING", "ACTIVE");
        fan.room(scheduleId);
        queueTokensToRelease.add(fan);
        awaitActive(fan);

        JsonNode seat = availableSeat(fan, scheduleId);
        Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                Map.of("scheduleId", scheduleId, "seatId", seat.path("seatId").asString()));
        assertThat(held.status()).as(held.toString()).isEqualTo(201);
        assertThat(held.body().path("status").asString()).isEqualTo("HELD");
        assertThat(held.body().path("expiresAt").asString()).isNotBlank();
        long price = held.body().path("price").asLong();
        String reservationId = held.body().path("reservationId").asString();

        charge(fan, price);
        assertThat(balance(fan)).isEqualTo(price);

        String paymentId = pay(fan, reservationId);

        // the saga completes: seat BOOKED, money gone, queue token EXPIRED (the fan is done with the queue)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(queueStatus(fan)).isEqualTo("EXPIRED"));
        // a gateway believes a token it found ACTIVE for up to a second (GATEWAY_ACTIVE_CHECK_MAX_AGE)
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            Reply afterwards = api.get("/api/v1/schedules/" + scheduleId + "/seats", fan.inQueue());
            assertThat(afterwards.status()).as(afterwards.toString()).isEqualTo(401);
            assertThat(afterwards.code()).isEqualTo("QUEUE_TOKEN_NOT_ACTIVE");
        });

        // what the fan owns stays theirs after the visit: the access token alone reads it
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Reply reservation = api.get("/api/v1/reservations/" + reservationId, fan.signedIn());
            assertThat(reservation.status()).as(reservation.toString()).isEqualTo(200);
            assertThat(reservation.body().path("status").asString()).isEqualTo("CONFIRMED");
        });
        Reply payments = api.get("/api/v1/payments", fan.signedIn());
        assertThat(payments.status()).as(payments.toString()).isEqualTo(200);
        assertThat(payments.body().isArray()).as(payments.toString()).isTrue();
        assertThat(payments.body().size()).isOne();
        assertThat(payments.body().get(0).path("paymentId").asString()).isEqualTo(paymentId);
        assertThat(payments.body().get(0).path("status").asString()).isEqualTo("COMPLETED");
        assertThat(payments.body().get(0).path("reservationId").asString()).isEqualTo(reservationId);
        Reply mine = api.get("/api/v1/reservations", fan.signedIn());
        assertThat(mine.status()).as(mine.toString()).isEqualTo(200);
        assertThat(mine.body().findValuesAsString("reservationId")).containsExactly(reservationId);
        assertThat(balance(fan)).isZero();

        Invariants db = new Invariants("e2e");
        assertThat(db.query("payment", "SELECT status FROM payment WHERE payment_id = '" + paymentId + "'"))
                .containsExactly("COMPLETED");
        assertThat(db.query("payment", "SELECT user_id FROM payment WHERE payment_id = '" + paymentId + "'"))
                .containsExactly(fan.id().toString());
        assertThat(db.query("reservation", "SELECT status FROM seat WHERE id = '" + seat.path("seatId").asString() + "'"))
                .containsExactly("BOOKED");
        assertThat(db.single("wallet", "SELECT balance FROM wallet WHERE user_id = '" + fan.id() + "'")).isZero();

        // a newcomer in that date's room sees one seat fewer
        Fan next = activeFanIn(scheduleId);
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Reply seats = api.get("/api/v1/schedules/" + scheduleId + "/seats", next.inQueue());
            seats.body().path("seats").forEach(s -> {
                if (s.path("seatId").asString().equals(seat.path("seatId").asString())) {
                    assertThat(s.path("status").asString()).isEqualTo("BOOKED");
                }
            });
            Reply dates = api.get("/api/v1/concerts/" + schedule.path("concertId").asString() + "/schedules",
                    next.signedIn());
            JsonNode list = dates.body().isArray() ? dates.body() : dates.body().path("schedules");
            list.forEach(d -> {
                if (d.path("scheduleId").asString().equals(scheduleId)) {
                    assertThat(d.path("availableSeats").asInt()).isLessThan(seatsBefore);
                }
            });
        });
    }

    @Test
    void another_fans_queue_token_reservation_payment_and_wallet_are_refused() {
        Fan a = activeFan();
        Fan b = joinQueue(api.newFan(), a.room());
        JsonNode held = hold(a);
        String reservationId = held.path("reservationId").asString();
        charge(a, held.path("price").asLong());

        // A's queue token with B's access token: refused, though A's token is genuine and ACTIVE
        As bWithAsQueueToken = new As(b.accessToken(), a.queueToken());
        for (String path : List.of("/api/v1/queue/status", "/api/v1/schedules/" + a.room() + "/seats")) {
            Reply foreign = api.get(path, bWithAsQueueToken);
            assertThat(foreign.status()).as(path + ": " + foreign).isEqualTo(403);
            assertThat(foreign.code()).as(path).isEqualTo("QUEUE_TOKEN_NOT_YOURS");
        }
        Reply foreignPay = api.postIdempotent("/api/v1/payments", bWithAsQueueToken,
                Map.of("reservationId", reservationId));
        assertThat(foreignPay.status()).as(foreignPay.toString()).isEqualTo(403);
        assertThat(foreignPay.code()).isEqualTo("QUEUE_TOKEN_NOT_YOURS");
        // leaving is the signed-in user's own affair: B cannot make A leave
        assertThat(api.delete("/api/v1/queue/tokens/me", bWithAsQueueToken).status()).isEqualTo(403);
        assertThat(queueStatus(a)).isEqualTo("ACTIVE");

        String paymentId = pay(a, reservationId);
        assertThat(awaitFinalState(a, paymentId).status()).isEqualTo("COMPLETED");

        // A's things are as absent for B as things that do not exist; A's wallet is refused by id
        Reply reservation = api.get("/api/v1/reservations/" + reservationId, b.signedIn());
        assertThat(reservation.status()).as(reservation.toString()).isEqualTo(404);
        Reply payment = api.get("/api/v1/payments/" + paymentId, b.signedIn());
        assertThat(payment.status()).as(payment.toString()).isEqualTo(404);
        assertThat(api.get("/api/v1/payments", b.signedIn()).body().findValuesAsString("paymentId"))
                .doesNotContain(paymentId);
        assertThat(api.get("/api/v1/reservations", b.signedIn()).body().findValuesAsString("reservationId"))
                .doesNotContain(reservationId);
        Reply wallet = api.get("/api/v1/users/" + a.id() + "/wallet", b.signedIn());
        assertThat(wallet.status()).as(wallet.toString()).isEqualTo(403);
        Reply charge = api.postIdempotent("/api/v1/users/" + a.id() + "/wallet/charges", b.signedIn(),
                Map.of("amount", 1000));
        assertThat(charge.status()).as(charge.toString()).isEqualTo(403);
        Reply cancel = api.delete("/api/v1/reservations/" + reservationId, b.signedIn());
        assertThat(cancel.status()).as(cancel.toString()).isEqualTo(404);

        // A's own: all there, by id too
        assertThat(api.get("/api/v1/reservations/" + reservationId, a.signedIn()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/payments/" + paymentId, a.signedIn()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + a.id() + "/wallet", a.signedIn()).status()).isEqualTo(200);
    }

    @Test
    void a_refresh_gives_a_working_new_access_token_and_spends_the_old_refresh_token() {
        Fan fan = api.newFan();
        String oldAccess = fan.accessToken();
        String oldRefresh = fan.refreshToken();

        api.refresh(fan);
        assertThat(fan.accessToken()).isNotEqualTo(oldAccess);
        assertThat(fan.refreshToken()).isNotBlank().isNotEqualTo(oldRefresh);

        // the new access token works everywhere the old one did: the wallet, a queue token, the queue
        assertThat(balance(fan)).isZero();
        joinQueue(fan, bookableSchedule(fan).path("scheduleId").asString());
        assertThat(queueStatus(fan)).isIn("WAITING", "ACTIVE");
        // and names the same account: the queue token it got is honoured with the old access token as well
        assertThat(api.get("/api/v1/queue/status", new As(oldAccess, fan.queueToken())).status()).isEqualTo(200);

        // rotation: the spent refresh token is refused, the new one works
        assertThatThrownBy(() -> PkceSignIn.refresh(api.authBase(), oldRefresh))
                .isInstanceOfSatisfying(PkceSignIn.Refused.class, refused -> assertThat(refused.status()).isEqualTo(400));
        api.refresh(fan);
        assertThat(balance(fan)).isZero();
    }

    @Test
    void no_access_token_or_a_forged_one_is_refused_everywhere_but_sign_up_and_sign_in() {
        for (String path : List.of("/api/v1/concerts", "/api/v1/queue/status", "/api/v1/users/me/wallet",
                "/api/v1/users/" + UUID.randomUUID() + "/wallet", "/api/v1/reservations", "/api/v1/payments")) {
            Reply none = api.get(path, As.NOBODY);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.code()).as(path).isEqualTo("ACCESS_TOKEN_MISSING");
            Reply forged = api.get(path, As.accessToken("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
            assertThat(forged.status()).as(path).isEqualTo(401);
            assertThat(forged.code()).as(path).isEqualTo("ACCESS_TOKEN_INVALID");
        }
        Reply anonymousIssue = api.post("/api/v1/queue/tokens", As.NOBODY, null);
        assertThat(anonymousIssue.status()).as(anonymousIssue.toString()).isEqualTo(401);
        assertThat(anonymousIssue.code()).isEqualTo("ACCESS_TOKEN_MISSING");

        // signed in, but no queue token or a forged one where the route needs it
        Fan fan = api.newFan();
        String seats = "/api/v1/schedules/" + bookableSchedule(fan).path("scheduleId").asString() + "/seats";
        Reply missing = api.get(seats, fan.signedIn());
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.code()).isEqualTo("QUEUE_TOKEN_MISSING");
        Reply forgedQueueToken = api.get(seats,
                new As(fan.accessToken(), "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl"));
        assertThat(forgedQueueToken.status()).isEqualTo(401);
        assertThat(forgedQueueToken.code()).isEqualTo("QUEUE_TOKEN_INVALID");
    }

    @Test
    void a_waiting_token_cannot_reach_seats_but_can_see_its_place() {
        // more fans than ACTIVE places: some must wait
        List<Fan> crowd = new ArrayList<>();
        crowd.add(joinQueue());
        for (int i = 1; i < LocalStack.ACTIVE_CAPACITY + 4; i++) {
            crowd.add(joinQueue(api.newFan(), crowd.getFirst().room()));
        }
        boolean sawWaitingRefused = false;
        for (Fan fan : crowd) {
            Reply status = api.get("/api/v1/queue/status", fan.inQueue());
            assertThat(status.status()).isEqualTo(200);
            if ("WAITING".equals(status.body().path("status").asString())) {
                assertThat(status.body().path("position").asLong()).isPositive();
                assertThat(status.body().path("pollAfterSeconds").asInt()).isPositive();
                Reply refused = api.get("/api/v1/schedules/" + fan.room() + "/seats", fan.inQueue());
                if (refused.status() == 401) {
                    assertThat(refused.code()).isEqualTo("QUEUE_TOKEN_NOT_ACTIVE");
                    sawWaitingRefused = true;
                    break;
                }
            }
        }
        assertThat(sawWaitingRefused).as("a WAITING fan was refused with QUEUE_TOKEN_NOT_ACTIVE").isTrue();
    }

    @Test
    void a_token_of_one_dates_room_reaches_neither_the_seats_nor_a_hold_of_another_date() {
        Fan fan = activeFan();
        String otherDate = null;
        for (JsonNode concert : api.get("/api/v1/concerts", fan.signedIn()).body()) {
            for (JsonNode date : api.get("/api/v1/concerts/" + concert.path("concertId").asString() + "/schedules",
                    fan.signedIn()).body()) {
                if (!date.path("scheduleId").asString().equals(fan.room())) {
                    otherDate = date.path("scheduleId").asString();
                }
            }
        }
        assertThat(otherDate).as("the demo data has several dates").isNotNull();

        Reply seats = api.get("/api/v1/schedules/" + otherDate + "/seats", fan.inQueue());
        assertThat(seats.status()).as(seats.toString()).isEqualTo(403);
        assertThat(seats.code()).isEqualTo("WRONG_ROOM");
        JsonNode seat = availableSeat(activeFanIn(otherDate), otherDate);
        Reply held = api.post("/api/v1/reservations", fan.inQueue(),
                Map.of("scheduleId", otherDate, "seatId", seat.path("seatId").asString()));
        assertThat(held.status()).as(held.toString()).isEqualTo(403);
        assertThat(held.code()).isEqualTo("WRONG_ROOM");
        assertThat(api.get("/api/v1/reservations", fan.signedIn()).body().size()).as("nothing held").isZero();
    }

    /**
     * A sale that opens a few seconds from now: fans who join before are in the room's pre-queue and told the
     * opening; at the opening they are placed (in a random order), admitted, and book.
     */
    @Test
    void a_fan_who_joins_before_the_sale_opens_waits_in_the_pre_queue_and_books_after_the_opening() {
        Instant opensAt = Instant.now().plusSeconds(6);
        String scheduleId = newScheduleOpeningAt(opensAt);
        Fan early = api.newFan();
        // the room follows the catalog by events: it exists a moment after the schedule does
        await().atMost(Duration.ofSeconds(15)).until(() -> api.issueQueueToken(early, scheduleId).status() == 201);
        early.room(scheduleId);
        queueTokensToRelease.add(early);

        Reply status = api.get("/api/v1/queue/status", early.inQueue());
        assertThat(status.body().path("status").asString()).as(status.toString()).isEqualTo("PRE_QUEUE");
        assertThat(Instant.parse(status.body().path("opensAt").asString())).isEqualTo(opensAt.truncatedTo(
                java.time.temporal.ChronoUnit.SECONDS));
        Reply tooEarly = api.get("/api/v1/schedules/" + scheduleId + "/seats", early.inQueue());
        assertThat(tooEarly.status()).as(tooEarly.toString()).isEqualTo(401);
        assertThat(tooEarly.code()).isEqualTo("QUEUE_TOKEN_NOT_ACTIVE");
        String token = early.queueToken();
        assertThat(api.issueQueueToken(early, scheduleId).body().path("token").asString())
                .as("joining again keeps the same token and place").isNotBlank();
        assertThat(early.queueToken()).isEqualTo(token);

        awaitActive(early);
        assertThat(Instant.now()).isAfterOrEqualTo(opensAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        JsonNode held = hold(early);
        charge(early, held.path("price").asLong());
        assertThat(payAndAwaitFinalState(early, held.path("reservationId").asString()).status())
                .isEqualTo("COMPLETED");
    }

    /** A new date of a new concert through concert-service's admin API (the local stack's well-known key). */
    private static String newScheduleOpeningAt(Instant saleOpensAt) {
        String concertService = "http://127.0.0.1:" + (8082 + LocalStack.OFFSET);
        Map<String, String> admin = Map.of("X-Admin-Key", "local-admin-key");
        Reply concert = api.postTo(concertService + "/admin/v1/concerts", admin,
                Map.of("title", "Presale " + UUID.randomUUID(), "venue", "E2E Hall"));
        assertThat(concert.status()).as(concert.toString()).isEqualTo(201);
        Reply schedule = api.postTo(concertService + "/admin/v1/concerts/" + concert.body().path("concertId")
                .asString() + "/schedules", admin, Map.of("startsAt", Instant.now().plus(Duration.ofDays(20))
                .toString(), "saleOpensAt", saleOpensAt.toString()));
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(201);
        return schedule.body().path("scheduleId").asString();
    }

    @Test
    void a_seat_held_by_one_fan_cannot_be_held_by_another() {
        Fan first = activeFan();
        Fan second = activeFanIn(first.room());
        JsonNode held = hold(first);

        Reply taken = api.post("/api/v1/reservations", second.inQueue(), Map.of(
                "scheduleId", held.path("scheduleId").asString(), "seatId", held.path("seatId").asString()));
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.code()).isEqualTo("SEAT_NOT_AVAILABLE");
        assertThat(api.get("/api/v1/reservations/" + held.path("reservationId").asString(), second.signedIn())
                .status()).isEqualTo(404);
    }

    @Test
    void paying_after_the_hold_expired_is_refused_and_the_seat_is_free_again() {
        Fan fan = activeFan();
        JsonNode held = hold(fan);
        charge(fan, held.path("price").asLong());

        String reservationId = held.path("reservationId").asString();
        await().atMost(LocalStack.HOLD.plusSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() ->
                "EXPIRED".equals(api.get("/api/v1/reservations/" + reservationId, fan.signedIn())
                        .body().path("status").asString()));

        Reply late = api.postIdempotent("/api/v1/payments", fan.inQueue(), Map.of("reservationId", reservationId));
        assertThat(late.status()).as(late.toString()).isBetween(400, 499);
        assertThat(balance(fan)).isEqualTo(held.path("price").asLong());
        Reply seats = api.get("/api/v1/schedules/" + held.path("scheduleId").asString() + "/seats", fan.inQueue());
        seats.body().path("seats").forEach(s -> {
            if (s.path("seatId").asString().equals(held.path("seatId").asString())) {
                assertThat(s.path("status").asString()).isIn("AVAILABLE", "HELD");
            }
        });
    }

    @Test
    void insufficient_balance_fails_the_payment_keeps_the_hold_and_a_second_try_succeeds() {
        Fan fan = activeFan();
        JsonNode held = hold(fan);
        long price = held.path("price").asLong();
        String reservationId = held.path("reservationId").asString();
        charge(fan, price / 2);

        Outcome failed = payAndAwaitFinalState(fan, reservationId);
        assertThat(failed.status()).isEqualTo("FAILED");
        assertThat(failed.failureReason()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(api.get("/api/v1/reservations/" + reservationId, fan.signedIn()).body().path("status").asString())
                .isEqualTo("HELD");
        assertThat(balance(fan)).isEqualTo(price / 2);

        charge(fan, price);
        assertThat(payAndAwaitFinalState(fan, reservationId).status()).isEqualTo("COMPLETED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(new Invariants("e2e").query("payment",
                "SELECT status FROM payment WHERE reservation_id = '" + reservationId + "' ORDER BY created_at"))
                .containsExactly("FAILED", "COMPLETED"));
        // both attempts are the fan's to see, newest first
        assertThat(api.get("/api/v1/payments", fan.signedIn()).body().findValuesAsString("status"))
                .containsExactly("COMPLETED", "FAILED");
    }

    @Test
    void nobody_can_read_or_charge_another_fans_wallet() {
        Fan fan = api.newFan();
        UUID someoneElse = UUID.randomUUID();

        assertThat(api.get("/api/v1/users/" + someoneElse + "/wallet", fan.signedIn()).status()).isEqualTo(403);
        Reply charge = api.postIdempotent("/api/v1/users/" + someoneElse + "/wallet/charges", fan.signedIn(),
                Map.of("amount", 1000));
        assertThat(charge.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/users/" + fan.id() + "/wallet", fan.signedIn()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/me/wallet", fan.signedIn()).status()).isEqualTo(200);
    }

    @Test
    void every_service_publishes_its_openapi_document_through_the_gateway() {
        for (String service : List.of("queue-service", "concert-service", "reservation-service", "wallet-service",
                "payment-service")) {
            Reply docs = api.get("/api-docs/" + service, As.NOBODY);
            assertThat(docs.status()).as(service + ": " + docs).isEqualTo(200);
            assertThat(docs.body().path("openapi").asString()).as(service).startsWith("3.");
            assertThat(docs.body().path("paths").size()).as(service).isPositive();
            // the public API only: /internal/** and /admin/** are never described where the gateway serves them
            assertThat(docs.body().path("paths").propertyNames()).as(service)
                    .allSatisfy(path -> assertThat(path).startsWith("/api/v1/"));
        }
    }

    /** Runs last (method order): one instance of a service is killed; the gateway sends its requests elsewhere. */
    @Test
    void when_an_instance_dies_the_gateway_sends_requests_to_the_other_one() throws Exception {
        Fan fan = activeFan();
        java.nio.file.Path pidFile = LocalStack.root().resolve(".local/run/e2e/concert-service-2.pid");
        long pid = Long.parseLong(java.nio.file.Files.readString(pidFile).trim());
        ProcessHandle instance = ProcessHandle.of(pid).orElseThrow();
        instance.destroyForcibly();
        instance.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);

        for (int i = 0; i < 10; i++) {
            Reply concerts = api.get("/api/v1/concerts", fan.inQueue());
            assertThat(concerts.status()).as("request %d: %s", i, concerts).isEqualTo(200);
        }
    }
}
