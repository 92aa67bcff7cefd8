package dev.concert.e2e.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import dev.concert.e2e.load.GatewayClient.Reply;
import dev.concert.testing.PkceSignIn;
import tools.jackson.databind.JsonNode;

/**
 * One virtual user, on its own virtual thread, signed in before the sale ({@link Accounts}): every request carries its
 * access token, and the queue routes, the catalog, seats, holds and payments its queue token as well. Queue token,
 * polling until ACTIVE (honouring pollAfterSeconds),
 * concerts → schedules → seats of one of the contested dates, a hold (a few tries: 409 means someone was faster),
 * then what its {@link Persona} does with the hold. Whoever ends without a booking leaves the queue, so the ACTIVE
 * places go to the fans still waiting. Retries reuse the Idempotency-Key; a hold, which has none, is looked up
 * before it is tried again.
 */
final class Fan implements Runnable {

    record Schedule(String scheduleId, int availableSeats) {
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

    private final UUID userId;
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

    Fan(Accounts.Account account, Persona persona, RunSettings settings, GatewayClient gateway, StackDatabases db,
        Metrics metrics, Stage.Crowd crowd, long usersDeadlineNanos) {
        this.userId = account.id();
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
    }

    private Outcome journey() {
        joinQueue();
        awaitActive();
        Optional<Hold> hold = holdASeat();
        if (hold.isEmpty()) {
            leaveQueue();
            return Outcome.NO_SEAT;
        }
        metrics.holds.increment();
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

    private void joinQueue() {
        // no body: the token is issued to the signed-in user
        Reply issued = retrying(() -> gateway.post(Endpoint.ISSUE_TOKEN, "/queue/tokens", accessToken, null, null,
                null), true);
        if (!issued.success()) {
            throw new Stop(Outcome.GAVE_UP);
        }
        token = issued.body().path("token").asString();
        pollAfterSeconds = issued.body().path("pollAfterSeconds").asInt(1);
        if (stage == Stage.NOT_ARRIVED) {
            moveTo(Stage.WAITING);
        }
        if ("ACTIVE".equals(issued.body().path("status").asString())) {
            moveTo(Stage.ACTIVE);
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
            switch (status.body().path("status").asString()) {
                case "ACTIVE" -> moveTo(Stage.ACTIVE);
                case "EXPIRED" -> {
                    // e.g. idle too long while ACTIVE: a real client asks for a new place
                    if (++rejoins > 2) {
                        throw new Stop(Outcome.GAVE_UP);
                    }
                    joinQueue();
                }
                default -> { // WAITING
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

    private Optional<Hold> holdASeat() {
        List<Schedule> targets = contestedSchedules();
        java.util.Collections.shuffle(targets, ThreadLocalRandom.current());
        int attempts = 0;
        for (Schedule schedule : targets) {
            if (schedule.availableSeats() <= 0) {
                continue; // sold out (or all held) as listed: a client greys it out
            }
            while (attempts < settings.holdAttempts()) {
                failIfUsersPhaseOver();
                List<String> free = availableSeats(schedule.scheduleId());
                if (free.isEmpty()) {
                    break;
                }
                attempts++;
                Optional<Hold> hold = tryHold(schedule.scheduleId(),
                        free.get(ThreadLocalRandom.current().nextInt(free.size())));
                if (hold.isPresent()) {
                    return hold;
                }
            }
            if (attempts >= settings.holdAttempts()) {
                break;
            }
        }
        return Optional.empty();
    }

    /** The first SCHEDULES bookable dates in a fixed order (concert id, then start): every fan wants the same ones. */
    private List<Schedule> contestedSchedules() {
        Reply concerts = retrying(() -> gateway.get(Endpoint.CONCERTS, "/concerts", accessToken, token), true);
        if (!concerts.is(200)) {
            throw new Stop(Outcome.GAVE_UP);
        }
        List<String> concertIds = new ArrayList<>();
        for (JsonNode concert : list(concerts.body(), "concerts")) {
            concertIds.add(concert.path("concertId").asString());
        }
        concertIds.sort(Comparator.naturalOrder());
        List<Schedule> targets = new ArrayList<>();
        for (String concertId : concertIds) {
            Reply dates = retrying(() -> gateway.get(Endpoint.SCHEDULES, "/concerts/" + concertId + "/schedules",
                    accessToken, token), true);
            if (!dates.is(200)) {
                throw new Stop(Outcome.GAVE_UP);
            }
            List<JsonNode> sorted = new ArrayList<>();
            list(dates.body(), "schedules").forEach(sorted::add);
            sorted.sort(Comparator.comparing((JsonNode d) -> Instant.parse(d.path("startsAt").asString()))
                    .thenComparing(d -> d.path("scheduleId").asString()));
            for (JsonNode date : sorted) {
                if (targets.size() < settings.schedules()) {
                    targets.add(new Schedule(date.path("scheduleId").asString(), date.path("availableSeats").asInt()));
                }
            }
            if (targets.size() >= settings.schedules()) {
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
