package dev.concert.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import dev.concert.e2e.Api.Reply;
import tools.jackson.databind.JsonNode;

/**
 * Payments flowing through the gateway while faults happen: {@code users} virtual users, each an account signed up
 * and signed in (PKCE) before the traffic starts, each one journey after another — browse the concerts and dates with
 * the access token alone, pick a date, join that date's waiting room (a queue token for it), wait until ACTIVE
 * (PRE_QUEUE and WAITING alike), find a free seat of that date, hold it, pay (Idempotency-Keys, so a retried charge or
 * payment is the same one), follow the payment a few seconds, leave the room. A user tops its wallet up for several
 * seats at once, so payments keep coming while wallet-service is cut off; the dates it saw last are reused when
 * the catalog does not answer, so rooms are joined and seats held while concert-service is cut off. One journey in
 * ten is a new user (signed up and in at the start of that journey) who charges too little (the payment ends
 * FAILED). A returning user refreshes its access token when it is older than {@link #REFRESH_AFTER}, so a long matrix
 * outlives the tokens' 15 minutes. A failed call (5xx, no answer) is retried until the step's patience runs out, the
 * way a client app would. Journeys start no faster than {@code journeysPerSecond} in total, so
 * the demo data's seats last the whole matrix. {@link #open()} lets journeys start, {@link #drain(Duration)} lets the
 * running ones finish and starts no new one.
 */
final class PaymentTraffic {

    private static final Duration PATIENCE = Duration.ofSeconds(40);
    private static final Duration BACK_OFF = Duration.ofMillis(500);
    private static final long TOP_UP = 600_000; // KRW: four to seven seats
    private static final Duration REFRESH_AFTER = Duration.ofMinutes(5);

    /** A returning user: the same account and wallet journey after journey. {@code credit}: charged minus paid. */
    private static final class User {
        final Fan fan;
        long credit;

        User(Fan fan) {
            this.fan = fan;
        }
    }

    /** What the users saw since the last {@link #take()}. */
    record Counts(long journeys, long holds, long payments, long gaveUp, Map<String, Long> failures) {
        @Override
        public String toString() {
            return "journeys " + journeys + ", holds " + holds + ", payments started " + payments
                    + ", journeys given up " + gaveUp + ", non-2xx/no answer " + (failures.isEmpty() ? "none" : failures);
        }
    }

    private final Api api;
    private final int users;
    private final long gapNanos;
    private final List<Thread> threads = new ArrayList<>();
    private final List<User> accounts = new ArrayList<>();
    private final AtomicInteger busy = new AtomicInteger();
    private final LongAdder journeys = new LongAdder();
    private final LongAdder holds = new LongAdder();
    private final LongAdder payments = new LongAdder();
    private final LongAdder gaveUp = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    /** What each user in a journey is doing (thread name → step). */
    private final Map<String, String> steps = new ConcurrentHashMap<>();
    private volatile boolean open;
    private volatile boolean stopped;
    private volatile List<String> knownSchedules = List.of();
    private long nextStart;

    PaymentTraffic(Api api, int users, double journeysPerSecond) {
        this.api = api;
        this.users = users;
        this.gapNanos = (long) (1e9 / journeysPerSecond);
    }

    /** Signs the users up and in (before any fault), then starts their threads, idle until {@link #open()}. */
    void start() {
        for (int i = 0; i < users; i++) {
            accounts.add(new User(api.newFan()));
        }
        for (int i = 0; i < users; i++) {
            User user = accounts.get(i);
            threads.add(Thread.ofVirtual().name("fan-" + i).start(() -> live(user)));
        }
    }

    void open() {
        open = true;
    }

    /** No new journeys; waits up to {@code max} for the running ones. True if every user is idle. */
    boolean drain(Duration max) {
        open = false;
        long until = System.nanoTime() + max.toNanos();
        while (busy.get() > 0 && System.nanoTime() < until) {
            sleep(200);
        }
        return busy.get() == 0;
    }

    int busy() {
        return busy.get();
    }

    /** Users in a journey by the step they are at. */
    Map<String, Long> steps() {
        Map<String, Long> byStep = new TreeMap<>();
        steps.values().forEach(step -> byStep.merge(step, 1L, Long::sum));
        return byStep;
    }

    /** Users who are ACTIVE and on their way to a payment: the ones a fault meets mid-saga. */
    long usersPastAdmission() {
        return steps.values().stream().filter(s -> !s.equals("browsing") && !s.equals("token")
                && !s.equals("signing up") && !s.equals("waiting for ACTIVE")).count();
    }

    void stop() {
        stopped = true;
        open = false;
        threads.forEach(Thread::interrupt);
    }

    /** The counts since the previous call. */
    Counts take() {
        Map<String, Long> seen = new TreeMap<>();
        failures.forEach((k, v) -> {
            long n = v.sumThenReset();
            if (n > 0) {
                seen.put(k, n);
            }
        });
        return new Counts(journeys.sumThenReset(), holds.sumThenReset(), payments.sumThenReset(),
                gaveUp.sumThenReset(), seen);
    }

    private void live(User user) {
        while (!stopped) {
            if (!open || !awaitStartSlot()) {
                sleep(100);
                continue;
            }
            busy.incrementAndGet();
            steps.put(Thread.currentThread().getName(), "browsing");
            try {
                journeys.increment();
                journey(ThreadLocalRandom.current().nextInt(10) == 0 ? null : user);
            } catch (GaveUp e) {
                gaveUp.increment();
            } catch (RuntimeException e) {
                gaveUp.increment();
                failures.computeIfAbsent("error " + e.getClass().getSimpleName(), k -> new LongAdder()).increment();
            } finally {
                steps.remove(Thread.currentThread().getName());
                busy.decrementAndGet();
            }
        }
    }

    /** Waits for this user's turn under the global pace; false if the gate closed meanwhile. */
    private boolean awaitStartSlot() {
        long slot;
        synchronized (this) {
            long now = System.nanoTime();
            slot = Math.max(now, nextStart);
            nextStart = slot + gapNanos;
        }
        long wait = slot - System.nanoTime();
        if (wait > 0) {
            sleep(wait / 1_000_000);
        }
        return open && !stopped;
    }

    private static final class GaveUp extends RuntimeException {
        GaveUp(String step, Reply last) {
            super(step + ": " + last, null, false, false);
        }
    }

    /** {@code user} null: a newcomer (a new account) who charges half the price. */
    private void journey(User user) {
        Fan fan = user == null ? newcomer() : user.fan;
        if (user != null && fan.accessTokenAgeSeconds() > REFRESH_AFTER.toSeconds()) {
            try {
                api.refresh(fan);
            } catch (RuntimeException e) {
                failures.computeIfAbsent("refresh failed, signed in again", k -> new LongAdder()).increment();
                api.signInAgain(fan);
            }
        }
        // the list needs the access token alone; the date picked is the waiting room joined
        step("browsing");
        List<String> dates = browse(fan.signedIn());
        if (dates.isEmpty()) {
            return; // nothing on sale (or the catalog never answered yet): no room to join
        }
        String scheduleId = dates.get(ThreadLocalRandom.current().nextInt(dates.size()));
        step("token");
        Reply issued = call("token", () -> api.issueQueueToken(fan, scheduleId));
        if (issued.status() != 201) {
            throw new GaveUp("token", issued);
        }
        Api.As token = fan.inQueue();
        try {
            step("waiting for ACTIVE");
            awaitActive(token);
            step("holding a seat");
            Reply held = holdASeat(token, scheduleId);
            if (held == null) {
                return; // sold out or only contested seats: leave
            }
            holds.increment();
            long price = held.body().path("price").asLong();
            String reservationId = held.body().path("reservationId").asString();
            step("entering payment details");
            sleep(ThreadLocalRandom.current().nextLong(1000, 3000)); // a person, not a script
            step("charging");
            if (user == null || user.credit < price) {
                long amount = user == null ? price / 2 : TOP_UP;
                String chargeKey = UUID.randomUUID().toString();
                call("charge", () -> api.post("/api/v1/users/me/wallet/charges", fan.signedIn(),
                        Map.of("amount", amount), Map.of("Idempotency-Key", chargeKey)));
                if (user != null) {
                    user.credit += amount;
                }
            }
            if (user != null) {
                user.credit -= price; // a payment that fails gives it back: then the estimate is merely low
            }
            String payKey = UUID.randomUUID().toString();
            step("paying");
            payments.increment();
            Reply paid = call("pay", () -> api.post("/api/v1/payments", token, Map.of("reservationId", reservationId),
                    Map.of("Idempotency-Key", payKey)));
            step("following the payment");
            follow(fan.signedIn(), paid.body().path("paymentId").asString());
        } finally {
            step("leaving the queue");
            safely(() -> api.delete("/api/v1/queue/tokens/me", token));
        }
    }

    /** A new account, signed up and signed in now; a refusal or no answer gives the journey up. */
    private Fan newcomer() {
        step("signing up");
        try {
            return api.newFan();
        } catch (RuntimeException e) {
            failures.computeIfAbsent("sign-up/sign-in " + e.getClass().getSimpleName(), k -> new LongAdder())
                    .increment();
            throw new GaveUp("signing up", new Reply(0, null, String.valueOf(e.getMessage())));
        }
    }

    private void step(String name) {
        steps.put(Thread.currentThread().getName(), name);
    }

    /** Polls until ACTIVE; PRE_QUEUE (the room not open yet) and WAITING are both a wait. */
    private void awaitActive(Api.As token) {
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Reply status = null;
        while (System.nanoTime() < until && !stopped) {
            status = safely(() -> api.get("/api/v1/queue/status", token));
            if (status.status() == 200 && "ACTIVE".equals(status.body().path("status").asString())) {
                return;
            }
            if (status.status() == 200 && "EXPIRED".equals(status.body().path("status").asString())) {
                // e.g. a confirmation of this user's previous booking arrived late and ended the visit
                failures.computeIfAbsent("token EXPIRED before ACTIVE", k -> new LongAdder()).increment();
                throw new GaveUp("waiting for ACTIVE", status);
            }
            sleep(300);
        }
        String last = status == null ? "none" : status.status() == 200
                ? status.body().path("status").asString() + " at " + status.body().path("position").asString()
                : String.valueOf(status.status());
        failures.computeIfAbsent("not ACTIVE after 60 s (last: " + last + ")", k -> new LongAdder()).increment();
        throw new GaveUp("waiting for ACTIVE", status);
    }

    /** A random free seat of the date whose room the token is for; up to three tries on 409. */
    private Reply holdASeat(Api.As token, String scheduleId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Reply seats = call("seats", () -> api.get("/api/v1/schedules/" + scheduleId + "/seats", token));
            List<String> free = new ArrayList<>();
            seats.body().path("seats").forEach(s -> {
                if ("AVAILABLE".equals(s.path("status").asString())) {
                    free.add(s.path("seatId").asString());
                }
            });
            if (free.isEmpty()) {
                return null;
            }
            String seatId = free.get(ThreadLocalRandom.current().nextInt(free.size()));
            Reply held = call("hold", () -> api.post("/api/v1/reservations", token,
                    Map.of("scheduleId", scheduleId, "seatId", seatId)));
            if (held.status() == 201) {
                return held;
            }
        }
        return null;
    }

    /**
     * Concerts → a random concert's dates with free seats, with the access token alone ({@code signedIn}: no queue
     * token, the listing spans every room). When the catalog (concert-service) does not answer within a few seconds,
     * the dates seen last: an app keeps what it showed.
     */
    private List<String> browse(Api.As signedIn) {
        Reply concerts = callBriefly("concerts", () -> api.get("/api/v1/concerts", signedIn));
        if (concerts == null) {
            return knownSchedules;
        }
        List<String> concertIds = new ArrayList<>();
        list(concerts.body(), "concerts").forEach(c -> concertIds.add(c.path("concertId").asString()));
        if (concertIds.isEmpty()) {
            return List.of();
        }
        String concertId = concertIds.get(ThreadLocalRandom.current().nextInt(concertIds.size()));
        Reply schedules = callBriefly("schedules", () -> api.get("/api/v1/concerts/" + concertId + "/schedules",
                signedIn));
        if (schedules == null) {
            return knownSchedules;
        }
        List<String> dates = new ArrayList<>();
        list(schedules.body(), "schedules").forEach(s -> {
            if (s.path("availableSeats").asInt() > 0) {
                dates.add(s.path("scheduleId").asString());
            }
        });
        if (!dates.isEmpty()) {
            knownSchedules = List.copyOf(dates);
        }
        return dates;
    }

    /** {@link #call} with a patience of a few seconds; null instead of giving up. */
    private Reply callBriefly(String step, Supplier<Reply> request) {
        long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (true) {
            Reply reply = safely(request);
            if (reply.status() >= 200 && reply.status() < 300) {
                return reply;
            }
            failures.computeIfAbsent(step + " " + reply.status() + (reply.code() == null ? "" : " " + reply.code()),
                    k -> new LongAdder()).increment();
            if (System.nanoTime() > until || stopped || (reply.status() > 0 && reply.status() < 500)) {
                return null;
            }
            sleep(BACK_OFF.toMillis());
        }
    }

    private void follow(Api.As token, String paymentId) {
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < until) {
            Reply status = safely(() -> api.get("/api/v1/payments/" + paymentId, token));
            if (status.status() != 200 || !"PENDING".equals(status.body().path("status").asString())) {
                return; // final
            }
            sleep(500);
        }
    }

    private static Iterable<JsonNode> list(JsonNode body, String field) {
        return body == null ? List.of() : body.isArray() ? body : body.path(field);
    }

    /**
     * One step: retried on 5xx, 429 or no answer until {@link #PATIENCE}; a 2xx or a 409 is the answer, another 4xx
     * gives the journey up.
     */
    private Reply call(String step, Supplier<Reply> request) {
        long until = System.nanoTime() + PATIENCE.toNanos();
        Reply last;
        while (true) {
            last = safely(request);
            if (last.status() >= 200 && last.status() < 300) {
                return last;
            }
            failures.computeIfAbsent(step + " " + last.status() + (last.code() == null ? "" : " " + last.code()),
                    k -> new LongAdder()).increment();
            if (last.status() == 409) {
                return last;
            }
            boolean retry = last.status() == 0 || last.status() == 429 || last.status() >= 500;
            if (!retry || System.nanoTime() > until || stopped) {
                throw new GaveUp(step, last);
            }
            sleep(BACK_OFF.toMillis());
        }
    }

    private static Reply safely(Supplier<Reply> request) {
        try {
            return request.get();
        } catch (IllegalStateException e) {
            return new Reply(0, null, String.valueOf(e.getMessage()));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
