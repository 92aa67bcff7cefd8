package dev.concert.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The fault matrix (issue 11): while payments flow through the gateway, one dependency at a time goes away and comes
 * back — each saga consumer's database, queue-service's Redis, the broker, one consumer instance frozen past its
 * session timeout. After each fault: every payment is final within the reconciliation deadline plus a margin, no
 * service instance parked a record, and docs/design.md §6 ({@link Invariants}) holds. Real MariaDB, Redis, Kafka and
 * service processes ({@link FaultStack}); the faults are {@link TcpProxy} cuts, {@code scripts/kafka.sh stop/start}
 * and SIGSTOP/SIGCONT.
 * <p>
 * Runs in its own surefire execution (its own JVM, after the other end-to-end tests have stopped their stack):
 * {@code -Dfault-matrix.skip=true} leaves it out, so does {@code -De2e.skip=true}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultMatrixIT {

    private static final Duration CUT = Duration.ofSeconds(20);
    private static final Duration BROKER_DOWN = Duration.ofSeconds(30);
    private static final Duration PAUSE = Duration.ofSeconds(20); // > the consumers' 10 s session timeout
    /** Beyond the reconciliation deadline: its interval, a catch-up after the fault, a busy 2-core machine. */
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final int USERS = 24;
    private static final double JOURNEYS_PER_SECOND = 1.5;

    private static final FaultStack stack = new FaultStack();
    private static final Invariants db = new Invariants(FaultStack.STACK);
    private static final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(3)).build();
    private static final List<String> summary = new ArrayList<>();
    private static PaymentTraffic traffic;
    private static long suiteStarted;

    @BeforeAll
    static void startStackAndTraffic() {
        Assumptions.assumeFalse(Boolean.getBoolean("e2e.skip"), "end-to-end tests skipped (-De2e.skip=true)");
        Assumptions.assumeTrue(Boolean.getBoolean("fault-matrix.execution"),
                "the fault matrix runs in its own surefire execution (fault-matrix), not in the default one");
        suiteStarted = System.nanoTime();
        stack.start();
        log("stack up after %d s (proxies: %s)", seconds(suiteStarted), List.of(stack.proxy("concert"),
                stack.proxy("reservation"), stack.proxy("wallet"), stack.proxy("payment"), stack.proxy("redis")));
        traffic = new PaymentTraffic(new Api(FaultStack.GATEWAY, FaultStack.AUTH), USERS, JOURNEYS_PER_SECOND);
        traffic.start();
    }

    @AfterAll
    static void stopEverything() {
        if (traffic != null) {
            traffic.stop();
        }
        if (suiteStarted != 0) {
            log("==================== fault matrix: summary ====================");
            summary.forEach(line -> log("%s", line));
            log("payments overall: %s", db.query("payment",
                    "SELECT CONCAT(status, ' ', COUNT(*)) FROM payment GROUP BY status ORDER BY status"));
            log("wall time of the suite (stack start to here): %d s", seconds(suiteStarted));
            stack.stop();
        }
    }

    @Test
    @Order(1)
    void reservation_database_cut() {
        databaseCut("reservation");
    }

    @Test
    @Order(2)
    void wallet_database_cut() {
        databaseCut("wallet");
    }

    @Test
    @Order(3)
    void payment_database_cut() {
        databaseCut("payment");
    }

    @Test
    @Order(4)
    void concert_database_cut() {
        databaseCut("concert");
    }

    @Test
    @Order(5)
    void queue_service_redis_cut() {
        fault("queue-service's Redis cut " + CUT.toSeconds() + " s", CUT, true,
                () -> stack.proxy("redis").cut(), () -> stack.proxy("redis").restore());
    }

    @Test
    @Order(6)
    void broker_stopped_and_started() {
        fault("Kafka broker stopped " + BROKER_DOWN.toSeconds() + " s", BROKER_DOWN, true,
                () -> stack.kafka("stop"), () -> stack.kafka("start"));
    }

    @Test
    @Order(7)
    void consumer_instance_frozen_past_its_session_timeout() {
        fault("reservation-service (1st instance) SIGSTOP " + PAUSE.toSeconds() + " s", PAUSE, true,
                () -> stack.signal("reservation-service", "STOP"), () -> stack.signal("reservation-service", "CONT"));
    }

    /** A dropped route rather than a server that is down: connections hang instead of failing. */
    @Test
    @Order(8)
    void wallet_database_blackholed() {
        fault("wallet-service's database blackholed " + CUT.toSeconds() + " s", CUT, true,
                () -> stack.proxy("wallet").cut(TcpProxy.Mode.BLACKHOLE), () -> stack.proxy("wallet").restore());
    }

    private void databaseCut(String service) {
        // payment-service's own database cut refuses new payments: the only ones that meet it are those in flight at
        // the moment of the cut, which may be none
        fault(service + "-service's database cut " + CUT.toSeconds() + " s", CUT, !service.equals("payment"),
                () -> stack.proxy(service).cut(), () -> stack.proxy(service).restore());
    }

    /**
     * Traffic on, the fault for {@code length} while it runs, restored, traffic a little longer, then drained; then
     * the checks. {@code mustMeetTraffic}: at least one payment must have been in flight during the fault (created
     * before the restore, not final before the injection), or the fault tested nothing.
     */
    private void fault(String name, Duration length, boolean mustMeetTraffic, Runnable inject, Runnable restore) {
        long phaseStarted = System.nanoTime();
        String phaseStart = dbNow();
        traffic.take();
        traffic.open();
        awaitTraffic(phaseStart, Duration.ofSeconds(20));
        log("%s: injecting", name);
        String injectedAt = dbNow();
        long injected = System.nanoTime();
        try {
            inject.run();
            sleep(length);
        } finally {
            restore.run();
        }
        long restored = System.nanoTime();
        String restoredAt = dbNow();
        log("%s: restored after %d s", name, seconds(injected));
        sleep(Duration.ofSeconds(5)); // payments flow on the repaired stack too
        long draining = System.nanoTime();
        Map<String, Long> stepsAtDrain = traffic.steps();
        boolean drained = traffic.drain(Duration.ofSeconds(60));
        if (seconds(draining) > 10) {
            log("%s: the users took %d s to finish their journeys (at the start of the drain: %s)", name,
                    seconds(draining), stepsAtDrain);
        }
        PaymentTraffic.Counts seen = traffic.take();

        List<String> problems = new ArrayList<>();
        long inFlight = db.single("payment", "SELECT COUNT(*) FROM payment WHERE created_at < '" + restoredAt
                + "' AND (finished_at IS NULL OR finished_at > '" + injectedAt + "')");
        if (mustMeetTraffic && inFlight == 0) {
            problems.add("no payment was in flight while the fault lasted: the fault met no saga");
        }
        if (!drained) {
            problems.add(traffic.busy() + " users still in a journey 60 s after the traffic stopped: " + traffic.steps());
        }
        // every payment final within the reconciliation deadline plus a margin: wait that long for the last ones,
        // then no payment of the phase may have been PENDING longer
        Duration finalWithin = FaultStack.RECONCILIATION_DEADLINE.plus(MARGIN);
        long waitFrom = System.nanoTime();
        long pending = db.single("payment", "SELECT COUNT(*) FROM payment WHERE status = 'PENDING'");
        while (pending > 0 && System.nanoTime() - waitFrom < finalWithin.toNanos()) {
            sleep(Duration.ofSeconds(1));
            pending = db.single("payment", "SELECT COUNT(*) FROM payment WHERE status = 'PENDING'");
        }
        if (pending > 0) {
            problems.add(pending + " payments still PENDING " + seconds(restored) + " s after the restore: "
                    + db.query("payment", "SELECT CONCAT(payment_id, ' created ', created_at) FROM payment"
                    + " WHERE status = 'PENDING' LIMIT 5"));
        }
        String pendingLongest = db.query("payment", "SELECT CONCAT(ROUND(TIMESTAMPDIFF(MICROSECOND, created_at,"
                + " COALESCE(finished_at, CURRENT_TIMESTAMP(6))) / 1e6, 1), ' s: ', payment_id, ' ', status) FROM payment"
                + " WHERE created_at >= '" + phaseStart + "' ORDER BY TIMESTAMPDIFF(MICROSECOND, created_at,"
                + " COALESCE(finished_at, CURRENT_TIMESTAMP(6))) DESC LIMIT 1").stream().findFirst().orElse("0 s: none");
        double longestSeconds = Double.parseDouble(pendingLongest.substring(0, pendingLongest.indexOf(' ')));
        if (longestSeconds > finalWithin.toSeconds()) {
            problems.add("a payment was PENDING longer than the reconciliation deadline + " + MARGIN.toSeconds()
                    + " s: " + pendingLongest);
        }
        // when the last payment that met the fault ended, counted from the restore
        String lastEnded = db.query("payment", "SELECT COALESCE(ROUND(TIMESTAMPDIFF(MICROSECOND, '" + restoredAt
                + "', MAX(finished_at)) / 1e6, 1), 0) FROM payment WHERE created_at < '" + restoredAt + "'").getFirst();
        Map<String, Long> parked = parkedPerInstance();
        parked.forEach((instance, count) -> {
            if (count != 0) {
                problems.add(instance + " parked " + (count < 0 ? "? (GET /actuator/parked failed)" : count + " records"));
            }
        });
        Map<String, List<String>> violations = invariantsSettled(Duration.ofSeconds(30));
        violations.forEach((invariant, rows) -> {
            if (!rows.isEmpty()) {
                problems.add("invariant '" + invariant + "': " + rows.stream().limit(5).toList());
            }
        });

        String byStatus = String.join(", ", db.query("payment", "SELECT CONCAT(status, IF(failure_reason IS NULL, '',"
                + " CONCAT('(', failure_reason, ')')), ' ', COUNT(*)) FROM payment WHERE created_at >= '" + phaseStart
                + "' GROUP BY status, failure_reason ORDER BY status"));
        String line = String.format("%-52s %s | payments: %s, %d in flight during the fault | longest PENDING %s"
                        + " | those before the restore all final %s s after it | parked %d | invariants %s"
                        + " | payments_pending_oldest_seconds now %s | phase %d s | users: %s",
                name, problems.isEmpty() ? "PASS" : "FAIL", byStatus.isEmpty() ? "none" : byStatus, inFlight,
                pendingLongest, lastEnded, parked.values().stream().mapToLong(Long::longValue).filter(n -> n > 0).sum(),
                violations.values().stream().allMatch(List::isEmpty) ? "hold" : "VIOLATED", pendingGauge(),
                seconds(phaseStarted), seen);
        summary.add(line);
        log("%s", line);
        problems.forEach(p -> log("  %s", p));
        assertThat(seen.payments()).as(name + ": the users paid in this phase").isPositive();
        assertThat(problems).as(name + " (logs: " + stack.logDir() + ")").isEmpty();
    }

    /**
     * Waits until the traffic is under way — three payments made since {@code since} and three users ACTIVE on their
     * way to paying, so the fault meets sagas at every step — or {@code max} passed.
     */
    private static void awaitTraffic(String since, Duration max) {
        long until = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < until && (traffic.usersPastAdmission() < 3
                || db.single("payment", "SELECT COUNT(*) FROM payment WHERE created_at >= '" + since + "'") < 3)) {
            sleep(Duration.ofMillis(200));
        }
    }

    /** payment-service's payments_pending_oldest_seconds on each instance (what an operator's alert reads). */
    private static Map<String, String> pendingGauge() {
        Map<String, String> values = new LinkedHashMap<>();
        stack.managementPorts().forEach((label, port) -> {
            if (label.startsWith("payment-service")) {
                values.put(label, metric(port, "payments_pending_oldest_seconds"));
            }
        });
        return values;
    }

    private static String metric(int port, String name) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).timeout(Duration.ofSeconds(10))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                    .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("absent");
        } catch (IOException e) {
            return "unreadable";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unreadable";
        }
    }

    /** Invariants hold once the saga in flight has settled: re-checked for up to {@code max}. */
    private static Map<String, List<String>> invariantsSettled(Duration max) {
        long until = System.nanoTime() + max.toNanos();
        Map<String, List<String>> result = db.check();
        while (result.values().stream().anyMatch(v -> !v.isEmpty()) && System.nanoTime() < until) {
            sleep(Duration.ofSeconds(1));
            result = db.check();
        }
        return result;
    }

    /** GET /actuator/parked on every service instance's management port: label → count (-1 when it did not answer). */
    private static Map<String, Long> parkedPerInstance() {
        Map<String, Long> counts = new LinkedHashMap<>();
        stack.managementPorts().forEach((label, port) -> {
            long count = -1;
            for (int attempt = 0; attempt < 5 && count < 0; attempt++) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/actuator/parked"))
                            .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        count = Api.JSON.readTree(response.body()).path("count").asLong(-1);
                    }
                } catch (IOException e) {
                    // not answering yet: try again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (count < 0) {
                    sleep(Duration.ofSeconds(2));
                }
            }
            counts.put(label, count);
        });
        return counts;
    }

    /** The database's clock, in the format its TIMESTAMP columns compare with. */
    private static String dbNow() {
        return db.query("payment", "SELECT CURRENT_TIMESTAMP(6)").getFirst();
    }

    private static long seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1_000_000_000L;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void log(String format, Object... args) {
        System.out.printf("[fault-matrix] " + format + "%n", args);
        System.out.flush();
    }
}
