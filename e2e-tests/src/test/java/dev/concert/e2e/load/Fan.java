package dev.concert.e2e.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import dev.concert.e2e.load.GatewayClient.Reply;
import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;

/**
 * One virtual user, on its own virtual thread, signed in before the sale ({@link Accounts}): every request carries its
 * access token, and the queue routes, seats, holds and payments its queue token as well. Concerts → schedules with
 * the access token alone, one of the run's waiting rooms' dates picked (by arrival, so the fans spread over them: the
 * next one listed with seats left when its own is sold out; a date whose sale has not opened yet is not listed and is
 * taken by its id), a queue token for that date's waiting room (404 ROOM_NOT_FOUND, a room not made yet, is asked
 * again shortly), polling until ACTIVE
 * (honouring pollAfterSeconds; PRE_QUEUE, before the room's opening, is a wait like WAITING), seats of that date, a
 * hold (a few tries: 409 means someone was faster), then what its {@link Persona} does with the hold. Whoever ends
 * without a booking leaves the room, so the ACTIVE places go to the fans still waiting. Retries reuse the
 * Idempotency-Key; a hold, which has none, is looked up before it is tried again. What happens in its room is
 * counted in {@link WaitingRooms}.
 */
final class Fan implements Runnable {

    /** A date; {@code availableSeats} -1: not known (a date the listing does not show yet). */
    record Schedule(String scheduleId, String concertId, int availableSeats) {
    }

    record Hold(UUID reservationId, String seatId, long price, Instant expiresAt) {
        static Hold of(JsonNode body) {
            return new Hold(UUID.fromString(body.path("reservationId").asString()), body.path("seatId").asString(),
                    body.path("price").asLong(), Instant.parse(body.path("expiresAt").asString()));
        }
    }

    /** Ends the journey early with this outcome. */
    private static final class Stop extends RuntimeException {
        final Outcome outcome;

        Stop(Outcome outcome) {
            super(outcome.name(), null, false, false);
            this.outcome = outcome;
        }
    }

    // a browser-like client: once a second is enough to see a saga that settles in ~1-2 s
    private static final Duration POLL_PAYMENT = Duration.ofSeconds(1);
    /** 404 ROOM_NOT_FOUND on a join: the date was just created and its room is on its way (an event); retried. */
    private static final Duration ROOM_NOT_FOUND_RETRY = Duration.ofSeconds(1);
    private static final Duration ROOM_NOT_FOUND_PATIENCE = Duration.ofSeconds(60);

    private final UUID userId;
    private final int arrival;
    private final WaitingRooms rooms;
    private final Persona persona;
    private final RunSettings settings;
    private final GatewayClient gateway;
    private final StackDatabases db;
    private final Metrics metrics;
    private final Stage.Crowd crowd;
    private final long usersDeadlineNanos;
    private Stage stage = Stage.NOT_ARRIVED;
    private volatile String accessToken;
    private volatile String refreshToken;
    private String token;
    private int pollAfterSeconds = 1;
    /** The date picked and its room (null until one is joined); when the fan first joined it. */
    private Schedule schedule;
    private WaitingRooms.Room room;
    private long joinedNanos;
    private boolean preQueued;

    /** {@code arrival}: the fan's place in the arrival order (0 first), which spreads the fans over the rooms. */
    Fan(Accounts.Account account, int arrival, WaitingRooms rooms, Persona persona, RunSettings settings,
        GatewayClient gateway, StackDatabases db, Metrics metrics, Stage.Crowd crowd, long usersDeadlineNanos) {
        this.userId = account.id();
        this.arrival = arrival;
        this.rooms = rooms;
        this.accessToken = account.accessToken();
        this.refreshToken = account.refreshToken();
        this.persona = persona;
        this.settings = settings;
        this.gateway = gateway;
        this.db = db;
        this.metrics = metrics;
        this.crowd = crowd;
        this.usersDeadlineNanos = usersDeadlineNanos;
    }

    @Override
    public void run() {
        Outcome outcome;
        try {
            outcome = journey();
        } catch (Stop stop) {
            outcome = stop.outcome;
            leaveQueue();
        } catch (GatewayClient.FanStopped stopped) {
            outcome = Outcome.CUT_OFF;
        } catch (RuntimeException e) {
            // an answer this driver did not expect (a body without the fields it needs): count it, keep the run
            System.err.println("[load] fan " + userId + " failed: " + e);
            outcome = Outcome.GAVE_UP;
            leaveQueue();
        }
        moveTo(Stage.DONE);
        metrics.outcome(persona, outcome);
        if (room != null && outcome == Outcome.BOOKED) {
            room.booked.increment();
        }
    }

    private Outcome journey() {
        schedule = pickDate();
        if (schedule == null) {
            return Outcome.NO_SEAT; // every contested date sold out as listed: no room worth joining
        }
        room = rooms.room(schedule.scheduleId());
        joinQueue();
        awaitActive();
        Optional<Hold> hold = holdASeat();
        if (hold.isEmpty()) {
            leaveQueue();
            return Outcome.NO_SEAT;
        }
        metrics.holds.increment();
        room.holds.increment();
        Outcome outcome = switch (persona) {
            case PAYER -> chargeAndPay(hold.get(), hold.get().price(), false);
            case UNDERFUNDED -> chargeAndPay(hold.get(), Math.max(1, hold.get().price() / 2), false);
            case LATE_PAYER -> chargeAndPay(hold.get(), hold.get().price(), true);
        };
        if (outcome != Outcome.BOOKED) {
            leaveQueue(); // a COMPLETED payment expired the token already
        }
        return outcome;
    }

    // ---- queue ----------------------------------------------------------------------------------------------

    /**
     * A place in the picked date's waiting room, for the signed-in user (the access token alone). 404
     * ROOM_NOT_FOUND is a wait, not an error: queue-service makes a room when it reads the date's ScheduleOpened, a
     * moment after the date was created; asked again every second, for ROOM_NOT_FOUND_PATIENCE at most.
     */
    private void joinQueue() {
        long roomMissingSince = 0;
        Reply issued;
        while (true) {
            issued = retrying(() -> gateway.post(Endpoint.ISSUE_TOKEN, "/queue/tokens", accessToken, null,
                    Map.of("roomId", schedule.scheduleId()), null), true);
            if (!issued.is(404) || !"ROOM_NOT_FOUND".equals(issued.code())) {
                break;
            }
            room.roomNotFound.increment();
            long now = System.nanoTime();
            if (roomMissingSince == 0) {
                roomMissingSince = now;
            } else if (now - roomMissingSince > ROOM_NOT_FOUND_PATIENCE.toNanos()) {
                throw new Stop(Outcome.GAVE_UP); // the room never came
            }
            pauseWithinUsersPhase(ROOM_NOT_FOUND_RETRY);
        }
        if (!issued.success()) {
            throw new Stop(Outcome.GAVE_UP); // 400/401/403: nothing a retry fixes
        }
        token = issued.body().path("token").asString();
        pollAfterSeconds = issued.body().path("pollAfterSeconds").asInt(1);
        if (stage == Stage.NOT_ARRIVED) {
            moveTo(Stage.WAITING);
            joinedNanos = System.nanoTime();
            room.fans.increment();
        }
        seen(issued.body());
    }

    /** What a join or a status answer says: PRE_QUEUE (counted once per fan), ACTIVE (admitted: the wait ends). */
    private void seen(JsonNode answer) {
        switch (answer.path("status").asString()) {
            case "PRE_QUEUE" -> {
                if (!preQueued) {
                    preQueued = true;
                    room.preQueued.increment();
                }
                room.opensAtSeen(answer.path("opensAt").asString(null));
            }
            case "ACTIVE" -> {
                if (stage != Stage.ACTIVE) {
                    moveTo(Stage.ACTIVE);
                    room.admitted.increment();
                    room.waits.add((System.nanoTime() - joinedNanos) / 1000);
                }
            }
            default -> { // WAITING, EXPIRED: the caller decides
            }
        }
    }

    private void awaitActive() {
        int rejoins = 0;
        while (stage != Stage.ACTIVE) {
            pauseWithinUsersPhase(Duration.ofSeconds(Math.max(1, pollAfterSeconds)));
            Reply status = retrying(() -> gateway.get(Endpoint.QUEUE_STATUS, "/queue/status", accessToken, token),
                    true);
            if (!status.is(200)) {
                throw new Stop(Outcome.GAVE_UP);
            }
            pollAfterSeconds = status.body().path("pollAfterSeconds").asInt(1);
            seen(status.body());
            switch (status.body().path("status").asString()) {
                case "EXPIRED" -> {
                    // e.g. idle too long while ACTIVE: a real client asks for a new place
                    if (++rejoins > 2) {
                        throw new Stop(Outcome.GAVE_UP);
                    }
                    joinQueue();
                }
                default -> { // ACTIVE (the loop ends), WAITING, PRE_QUEUE (the room opens at opensAt): poll on
                }
            }
        }
    }

    private void leaveQueue() {
        if (token == null) {
            return;
        }
        try {
            retrying(() -> gateway.delete(Endpoint.LEAVE_QUEUE, "/queue/tokens/me", accessToken, token), false);
        } catch (GatewayClient.FanStopped | Stop e) {
            // stopped while leaving: the ACTIVE idle timeout frees the place
        }
    }

    // ---- seats ----------------------------------------------------------------------------------------------

    /** Seats of the picked date only: the token is for its room (another date's would be 403 WRONG_ROOM). */
    private Optional<Hold> holdASeat() {
        for (int attempts = 0; attempts < settings.holdAttempts(); attempts++) {
            failIfUsersPhaseOver();
            List<String> free = availableSeats(schedule.scheduleId());
            if (free.isEmpty()) {
                return Optional.empty();
            }
            Optional<Hold> hold = tryHold(schedule.scheduleId(),
                    free.get(ThreadLocalRandom.current().nextInt(free.size())));
            if (hold.isPresent()) {
                return hold;
            }
        }
        return Optional.empty();
    }

    /**
     * This fan's date among the rooms the run set up ({@link WaitingRooms#planned}): it browses as a fan does, with
     * the access token alone (the concerts, then the dates of the concert of the room its arrival points at), and
     * takes that date, or the next room's with seats left (a client greys sold-out dates out). A date the run created
     * is not listed until its sale opens (the catalog lists bookable dates only): the fan joins its room by the
     * schedule id all the same, as one who has the sale's announced link. Null when every one is sold out.
     * Without planned rooms (the catalog did not answer the driver): the contested dates as listed now.
     */
    private Schedule pickDate() {
        List<WaitingRooms.Room> planned = rooms.planned();
        if (planned.isEmpty()) {
            List<Schedule> contested = contested((endpoint, path) -> retrying(() -> gateway.get(endpoint, path,
                    accessToken, null), true), settings.schedules());
            if (contested == null) {
                throw new Stop(Outcome.GAVE_UP);
            }
            for (int k = 0; k < contested.size(); k++) {
                Schedule date = contested.get((arrival + k) % contested.size());
                if (date.availableSeats() > 0) {
                    return date;
                }
            }
            return null;
        }
        Reply concerts = retrying(() -> gateway.get(Endpoint.CONCERTS, "/concerts", accessToken, null), true);
        if (!concerts.is(200)) {
            throw new Stop(Outcome.GAVE_UP);
        }
        Map<String, Map<String, Integer>> listed = new HashMap<>(); // concert -> its listed dates' seats left
        for (int k = 0; k < planned.size(); k++) {
            WaitingRooms.Room candidate = planned.get((arrival + k) % planned.size());
            Map<String, Integer> dates = listed.get(candidate.concertId);
            if (dates == null) {
                dates = listedDates(candidate.concertId);
                listed.put(candidate.concertId, dates);
            }
            Integer seatsLeft = dates.get(candidate.roomId);
            if (seatsLeft == null) {
                if (candidate.createdByRun) {
                    candidate.pickedUnlisted.increment(); // its sale has not opened yet
                    return new Schedule(candidate.roomId, candidate.concertId, -1);
                }
                continue; // no longer bookable
            }
            if (seatsLeft > 0) {
                return new Schedule(candidate.roomId, candidate.concertId, seatsLeft);
            }
        }
        return null;
    }

    /** A concert's bookable dates as listed (the access token alone): schedule id to seats left. */
    private Map<String, Integer> listedDates(String concertId) {
        Reply dates = retrying(() -> gateway.get(Endpoint.SCHEDULES, "/concerts/" + concertId + "/schedules",
                accessToken, null), true);
        if (!dates.is(200)) {
            throw new Stop(Outcome.GAVE_UP);
        }
        Map<String, Integer> seats = new HashMap<>();
        for (JsonNode date : list(dates.body(), "schedules")) {
            seats.put(date.path("scheduleId").asString(), date.path("availableSeats").asInt());
        }
        return seats;
    }

    /**
     * The first {@code wanted} bookable dates in a fixed order (concert id, then start): every fan wants the same
     * ones. {@code get} answers a GET of the catalog (a path under /api/v1, with the access token alone); null when
     * a listing did not answer 200.
     */
    static List<Schedule> contested(BiFunction<Endpoint, String, Reply> get, int wanted) {
        Reply concerts = get.apply(Endpoint.CONCERTS, "/concerts");
        if (!concerts.is(200)) {
            return null;
        }
        List<String> concertIds = new ArrayList<>();
        for (JsonNode concert : list(concerts.body(), "concerts")) {
            concertIds.add(concert.path("concertId").asString());
        }
        concertIds.sort(Comparator.naturalOrder());
        List<Schedule> targets = new ArrayList<>();
        for (String concertId : concertIds) {
            Reply dates = get.apply(Endpoint.SCHEDULES, "/concerts/" + concertId + "/schedules");
            if (!dates.is(200)) {
                return null;
            }
            List<JsonNode> sorted = new ArrayList<>();
            list(dates.body(), "schedules").forEach(sorted::add);
            sorted.sort(Comparator.comparing((JsonNode d) -> Instant.parse(d.path("startsAt").asString()))
                    .thenComparing(d -> d.path("scheduleId").asString()));
            for (JsonNode date : sorted) {
                if (targets.size() < wanted) {
                    targets.add(new Schedule(date.path("scheduleId").asString(), concertId,
                            date.path("availableSeats").asInt()));
                }
            }
            if (targets.size() >= wanted) {
                break;
            }
        }
        return targets;
    }

    private List<String> availableSeats(String scheduleId) {
        Reply seats = retrying(() -> gateway.get(Endpoint.SEATS, "/schedules/" + scheduleId + "/seats", accessToken,
                token), true);
        if (!seats.is(200)) {
            throw new Stop(Outcome.GAVE_UP);
        }
        List<String> free = new ArrayList<>();
        seats.body().path("seats").forEach(seat -> {
            if ("AVAILABLE".equals(seat.path("status").asString())) {
                free.add(seat.path("seatId").asString());
            }
        });
        return free;
    }

    /** Empty when the seat went to someone else (409). */
    private Optional<Hold> tryHold(String scheduleId, String seatId) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            Reply held = gateway.post(Endpoint.HOLD, "/reservations", accessToken, token,
                    Map.of("scheduleId", scheduleId, "seatId", seatId), null);
            if (held.is(201)) {
                return Optional.of(Hold.of(held.body()));
            }
            if (held.is(409)) {
                return Optional.empty(); // SEAT_NOT_AVAILABLE: a faster fan, or our own lost first attempt's hold
            }
            if (!held.transientFailure() && held.status() < 500) {
                throw new Stop(Outcome.GAVE_UP); // 400/401/404: nothing a retry fixes
            }
            // no answer or 5xx: the hold may have been made all the same, and a hold has no idempotency key
            pause(backoff(attempt));
            Optional<Hold> made = heldSeat(seatId);
            if (made.isPresent()) {
                return made;
            }
        }
        return Optional.empty();
    }

    private Optional<Hold> heldSeat(String seatId) {
        Reply mine = retrying(() -> gateway.get(Endpoint.MY_RESERVATIONS, "/reservations", accessToken, null), true);
        if (!mine.is(200)) {
            return Optional.empty();
        }
        for (JsonNode r : list(mine.body(), "reservations")) {
            if ("HELD".equals(r.path("status").asString()) && seatId.equals(r.path("seatId").asString())) {
                return Optional.of(Hold.of(r));
            }
        }
        return Optional.empty();
    }

    // ---- money ----------------------------------------------------------------------------------------------

    private Outcome chargeAndPay(Hold hold, long amount, boolean late) {
        String chargeKey = UUID.randomUUID().toString();
        Reply charged = retrying(() -> gateway.post(Endpoint.CHARGE, "/users/me/wallet/charges", accessToken, null,
                Map.of("amount", amount), chargeKey), false);
        if (!charged.success()) {
            throw new Stop(Outcome.GAVE_UP);
        }
        if (late) {
            // past the deadline and one more expiry-job period: the job has released the seat by then
            Instant tooLate = hold.expiresAt().plus(settings.expiryInterval().multipliedBy(2)).plusSeconds(1);
            pauseWithinUsersPhase(Duration.between(Instant.now(), tooLate));
        }
        UUID payKey = UUID.randomUUID();
        metrics.paymentsStarted.increment();
        room.paymentsStarted.increment();
        Reply paid = retrying(() -> gateway.post(Endpoint.PAY, "/payments", accessToken, token,
                Map.of("reservationId", hold.reservationId().toString()), payKey.toString()), false);
        if (paid.is(200) || paid.is(202)) {
            return follow(UUID.fromString(paid.body().path("paymentId").asString()));
        }
        if (paid.is(409) && ("HOLD_EXPIRED".equals(paid.code()) || "RESERVATION_NOT_HELD".equals(paid.code()))) {
            return Outcome.LATE_PAYMENT_REFUSED;
        }
        // a retried POST whose first attempt went through: 401 QUEUE_TOKEN_NOT_ACTIVE once that payment completed
        // (the visit ended), or no answer at all; the payment table knows by (user, key)
        Optional<UUID> made = db.paymentFor(userId, payKey);
        return made.isPresent() ? follow(made.get()) : Outcome.GAVE_UP;
    }

    /** Polls the payment until it is final; FAILED(HOLD_EXPIRED) is followed on to REFUNDED. */
    private Outcome follow(UUID paymentId) {
        long until = System.nanoTime() + settings.paymentFollow().toNanos();
        boolean refundPending = false;
        while (System.nanoTime() < until) {
            // the fan's own payment: the access token alone, readable after the visit ended too
            Reply reply = gateway.get(Endpoint.PAYMENT, "/payments/" + paymentId, accessToken, null);
            String status = null;
            String reason = null;
            if (reply.is(200)) {
                status = reply.body().path("status").asString();
                reason = reply.body().path("failureReason").asString(null);
            } else if (reply.is(401) && refreshed(reply)) {
                continue;
            } else if (reply.is(401) || reply.is(404)) {
                // not expected (the access token alone reads one's payments): ask the database
                Optional<String> row = db.paymentStatus(paymentId);
                if (row.isPresent()) {
                    String[] parts = row.get().split(" ");
                    status = parts[0];
                    reason = "-".equals(parts[1]) ? null : parts[1];
                }
            }
            if ("COMPLETED".equals(status)) {
                return Outcome.BOOKED;
            }
            if ("REFUNDED".equals(status)) {
                return Outcome.REFUNDED;
            }
            if ("FAILED".equals(status)) {
                if (!"HOLD_EXPIRED".equals(reason)) {
                    return Outcome.PAYMENT_FAILED;
                }
                refundPending = true;
            }
            pause(POLL_PAYMENT);
        }
        return refundPending ? Outcome.PAYMENT_FAILED : Outcome.PAYMENT_UNSETTLED;
    }

    // ---- plumbing -------------------------------------------------------------------------------------------

    /**
     * A transient failure (no answer, 502/503/504, 429) is retried with backoff until PATIENCE_SECONDS have gone:
     * long enough to ride out an open circuit breaker (10 s) or a killed instance behind the gateway, short enough
     * that a fan does give up when a route stays down; the summary counts those as GAVE_UP.
     */
    private Reply retrying(Supplier<Reply> call, boolean withinUsersPhase) {
        long giveUpAt = System.nanoTime() + settings.patience().toNanos();
        boolean refreshed = false;
        for (int attempt = 1; ; attempt++) {
            Reply reply = call.get();
            if (!refreshed && reply.is(401) && refreshed(reply)) {
                refreshed = true; // the same call again with the new access token
                continue;
            }
            if (!reply.transientFailure()) {
                return reply;
            }
            Duration wait = reply.retryAfter().map(d -> d.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : d)
                    .orElse(backoff(attempt));
            if (System.nanoTime() + wait.toNanos() > giveUpAt) {
                return reply;
            }
            if (withinUsersPhase) {
                failIfUsersPhaseOver();
            }
            pause(wait);
        }
    }

    /**
     * On 401 ACCESS_TOKEN_EXPIRED (a run longer than the tokens' 15 minutes): the refresh grant, as the app does.
     * True if the fan has a new access token.
     */
    private boolean refreshed(Reply reply) {
        if (!"ACCESS_TOKEN_EXPIRED".equals(reply.code()) || refreshToken == null) {
            return false;
        }
        try {
            PkceSignIn.Tokens next = PkceSignIn.refresh(settings.authBase(), refreshToken);
            accessToken = next.accessToken();
            refreshToken = next.refreshToken();
            return true;
        } catch (RuntimeException e) {
            System.err.println("[load] fan " + userId + ": refresh failed: " + e.getMessage());
            refreshToken = null;
            return false;
        }
    }

    /** 250 ms doubling to 4 s, with jitter so fans that failed together do not retry together. */
    private static Duration backoff(int attempt) {
        long base = Math.min(4000, 250L << Math.min(attempt - 1, 4));
        return Duration.ofMillis(base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private void pauseWithinUsersPhase(Duration wait) {
        long left = usersDeadlineNanos - System.nanoTime();
        if (left <= 0 || wait.toNanos() > left) {
            pause(Duration.ofNanos(Math.max(0, left)));
            throw new Stop(Outcome.CUT_OFF);
        }
        pause(wait);
    }

    private void failIfUsersPhaseOver() {
        if (System.nanoTime() > usersDeadlineNanos) {
            throw new Stop(Outcome.CUT_OFF);
        }
    }

    private static void pause(Duration wait) {
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayClient.FanStopped();
        }
    }

    private void moveTo(Stage next) {
        if (stage != next) {
            crowd.move(stage, next);
            stage = next;
        }
    }

    /** A JSON list, whether answered bare or wrapped in an object under {@code field}. */
    private static JsonNode list(JsonNode body, String field) {
        return body.isArray() ? body : body.path(field);
    }
}
