package dev.concert.reservation.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import dev.concert.testing.BenchAccounts;
import dev.concert.testing.TestIssuer;

/**
 * The load generator of {@code bench/holds.sh} (not a test): seeds seat inventory straight into the benchmark database,
 * then measures holds per second and latency through the running service's HTTP API, with contention (many users, 50
 * seats) and without (every request a different seat), beside the same conditional UPDATE sent straight to the
 * database over JDBC. Traffic goes to 127.0.0.1 only.
 * <p>
 * {@code reset}: drops the benchmark database. {@code seed N file}: N seats, listed for the wrk script.
 * {@code sql}: only the JDBC figures (bench/holds.sh drives HTTP with wrk when it is installed). {@code run}: HTTP
 * through java.net.http and JDBC, for machines without wrk (the JDK client costs more CPU than wrk).
 */
public final class HoldBench {

    private static final String HOLD_SQL =
            "UPDATE seat SET status = 'HELD', reservation_id = ? WHERE id = ? AND status = 'AVAILABLE'";

    record Result(String name, int requests, int ok, int taken, int errors, double seconds, long[] latenciesMicros) {

        double perSecond() {
            return requests / seconds;
        }

        long percentile(double p) {
            long[] sorted = latenciesMicros.clone();
            Arrays.sort(sorted);
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
        }
    }

    public static void main(String[] args) throws Exception {
        String serverUrl = System.getProperty("bench.server.url", "jdbc:mysql://127.0.0.1:3306/");
        String database = System.getProperty("bench.database", "reservation_bench");
        if (args.length > 0 && args[0].equals("reset")) {
            try (Connection c = DriverManager.getConnection(serverUrl, "root", "")) {
                c.createStatement().execute("DROP DATABASE IF EXISTS " + database);
            }
            return;
        }
        if (args.length > 2 && args[0].equals("seed")) {
            // seed <seats> <file>: one "scheduleId seatId" line per seat, for the wrk script
            String seedUrl = serverUrl + database + "?connectionTimeZone=UTC&rewriteBatchedStatements=true";
            try (Connection c = DriverManager.getConnection(seedUrl, "root", "");
                 java.io.PrintWriter out = new java.io.PrintWriter(args[2], java.nio.charset.StandardCharsets.UTF_8)) {
                for (Seat seat : seed(c, Integer.parseInt(args[1]))) {
                    out.println(seat.scheduleId() + " " + seat.seatId());
                }
            }
            return;
        }
        int port = Integer.getInteger("bench.port", 18083);
        int clients = Integer.getInteger("bench.clients", 64);
        int connections = Integer.getInteger("bench.connections", 20);
        int contendedAttempts = Integer.getInteger("bench.contended.attempts", 5000);
        int openHolds = Integer.getInteger("bench.open.holds", 10000);
        String url = serverUrl + database + "?connectionTimeZone=UTC&rewriteBatchedStatements=true";

        boolean sqlOnly = args.length > 0 && args[0].equals("sql");
        List<Result> results = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            if (!sqlOnly && !BenchAccounts.fromBenchIssuer()) {
                // the service must trust this JVM's test issuer, as the test contexts do (TestIssuer.Registration)
                System.out.printf("access tokens of issuer %s (keys: %s); start the service with%n"
                                + "  --concert.access-token.issuers.bench.issuer=%s"
                                + " --concert.access-token.issuers.bench.jwk-set-uri=%s"
                                + " --concert.access-token.issuers.bench.subject-is-account-id=true%n",
                        TestIssuer.shared().issuer(), TestIssuer.shared().jwkSetUri(), TestIssuer.shared().issuer(),
                        TestIssuer.shared().jwkSetUri());
            }
            if (!sqlOnly) {
                List<Seat> warmup = seed(c, 2000);
                List<Seat> httpHot = seed(c, 50);
                List<Seat> httpOpen = seed(c, openHolds);
                System.out.printf("warming up the service with %d holds...%n", warmup.size());
                http("warm-up", port, clients, warmup.size(), i -> warmup.get(i));
                results.add(http("HTTP hold, contended: %d users -> 50 seats".formatted(contendedAttempts), port,
                        clients, contendedAttempts, i -> httpHot.get(ThreadLocalRandom.current().nextInt(50))));
                results.add(http("HTTP hold, uncontended: %d users -> %d seats".formatted(openHolds, openHolds),
                        port, clients, openHolds, httpOpen::get));
            }
            List<Seat> sqlHot = seed(c, 50);
            List<Seat> sqlOpen = seed(c, openHolds);
            // warm the JDBC path too, on seats of its own
            List<Seat> sqlWarm = seed(c, 2000);
            sql("warm-up", url, connections, sqlWarm.size(), sqlWarm::get);
            results.add(sql("SQL conditional UPDATE, contended: %d tries -> 50 seats".formatted(contendedAttempts),
                    url, connections, contendedAttempts, i -> sqlHot.get(ThreadLocalRandom.current().nextInt(50))));
            results.add(sql("SQL conditional UPDATE, uncontended: %d seats".formatted(openHolds), url, connections,
                    openHolds, sqlOpen::get));

            if (!sqlOnly) {
                System.out.println();
                System.out.println(header());
            }
            for (Result r : results) {
                System.out.println(row(r.name(), r.requests(), r.ok(), r.taken(), r.errors(), r.perSecond(),
                        r.percentile(0.50) / 1000.0, r.percentile(0.99) / 1000.0));
            }
            if (!sqlOnly) {
                System.out.printf("(HTTP: %d client threads; SQL: %d JDBC connections, autocommit)%n", clients,
                        connections);
            }
            System.out.printf("invariant check: seats held by more than one live reservation = %d%n",
                    doubleHolds(c));
        }
    }

    static String header() {
        return "%-56s %8s %6s %6s %5s %8s %8s %8s".formatted("scenario", "requests", "won", "taken", "err",
                "req/s", "p50 ms", "p99 ms");
    }

    static String row(String name, int requests, int won, int taken, int errors, double perSecond, double p50,
                      double p99) {
        return "%-56s %8d %6d %6d %5d %8.0f %8.2f %8.2f".formatted(name, requests, won, taken, errors, perSecond,
                p50, p99);
    }

    record Seat(String scheduleId, String seatId) {
    }

    /** Schedules of 50 seats, on sale now, inserted as ScheduleOpened would create them. */
    static List<Seat> seed(Connection c, int seats) throws SQLException {
        List<Seat> all = new ArrayList<>(seats);
        Instant now = Instant.now();
        c.setAutoCommit(false);
        try (PreparedStatement schedule = c.prepareStatement("""
                INSERT INTO schedule (id, concert_id, starts_at, sale_opens_at, sale_closes_at, opened_at)
                VALUES (?, ?, ?, ?, ?, ?)""");
             PreparedStatement seat = c.prepareStatement("""
                     INSERT INTO seat (id, schedule_id, seat_number, grade, price, status)
                     VALUES (?, ?, ?, 'R', 110000, 'AVAILABLE')""")) {
            for (int s = 0; s * 50 < seats; s++) {
                String scheduleId = UUID.randomUUID().toString();
                schedule.setString(1, scheduleId);
                schedule.setString(2, UUID.randomUUID().toString());
                schedule.setTimestamp(3, Timestamp.from(now.plus(Duration.ofDays(30))));
                schedule.setTimestamp(4, Timestamp.from(now.minus(Duration.ofDays(1))));
                schedule.setTimestamp(5, Timestamp.from(now.plus(Duration.ofDays(29))));
                schedule.setTimestamp(6, Timestamp.from(now));
                schedule.addBatch();
                for (int n = 1; n <= 50 && all.size() < seats; n++) {
                    String seatId = UUID.randomUUID().toString();
                    seat.setString(1, seatId);
                    seat.setString(2, scheduleId);
                    seat.setInt(3, n);
                    seat.addBatch();
                    all.add(new Seat(scheduleId, seatId));
                }
            }
            schedule.executeBatch();
            seat.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
        return all;
    }

    static Result http(String name, int port, int clients, int requests, IntFunction<Seat> seatFor)
            throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/reservations");
        // one user (access token) per request, as before; signed before the clock starts, so the figures measure
        // the service (which verifies each token) and not the client's RSA signing
        String[] tokens = BenchAccounts.signedIn(requests).stream().map(BenchAccounts.Account::accessToken)
                .toArray(String[]::new);
        return drive(name, clients, requests, i -> {
            Seat seat = seatFor.apply(i);
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + tokens[i])
                    // what the gateway relays for a fan admitted to this schedule's sale
                    .header("X-Queue-Room", seat.scheduleId().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"scheduleId\":\"" + seat.scheduleId() + "\",\"seatId\":\"" + seat.seatId() + "\"}"))
                    .build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status == 201 ? 1 : status == 409 ? 0 : -1;
        }, () -> null);
    }

    static Result sql(String name, String url, int connections, int requests, IntFunction<Seat> seatFor)
            throws InterruptedException {
        ThreadLocal<PreparedStatement> statements = new ThreadLocal<>();
        List<Connection> opened = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            return drive(name, connections, requests, i -> {
                PreparedStatement update = statements.get();
                if (update == null) {
                    Connection c = DriverManager.getConnection(url, "root", "");
                    opened.add(c);
                    update = c.prepareStatement(HOLD_SQL);
                    statements.set(update);
                }
                update.setString(1, UUID.randomUUID().toString());
                update.setString(2, seatFor.apply(i).seatId());
                return update.executeUpdate() == 1 ? 1 : 0;
            }, () -> null);
        } finally {
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after the measurement: nothing to report
                }
            }
        }
    }

    interface Attempt {
        /** 1 won, 0 seat taken, -1 error. */
        int run(int i) throws Exception;
    }

    static Result drive(String name, int threads, int requests, Attempt attempt, java.util.function.Supplier<Void> end)
            throws InterruptedException {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long begin = System.nanoTime();
                    int outcome;
                    try {
                        outcome = attempt.run(i);
                    } catch (Exception e) {
                        outcome = -1;
                    }
                    latencies[i] = (System.nanoTime() - begin) / 1000;
                    (outcome == 1 ? ok : outcome == 0 ? taken : errors).incrementAndGet();
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.MINUTES)) {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        end.get();
        return new Result(name, requests, ok.get(), taken.get(), errors.get(), seconds, latencies);
    }

    static long doubleHolds(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT COUNT(*) FROM (SELECT seat_id FROM reservation WHERE status IN ('HELD', 'CONFIRMED')
                                           GROUP BY seat_id HAVING COUNT(*) > 1) d""")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
