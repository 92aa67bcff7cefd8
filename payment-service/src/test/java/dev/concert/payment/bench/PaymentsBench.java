package dev.concert.payment.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;

import dev.concert.events.DomainEvent;
import dev.concert.events.EventCodec;
import dev.concert.events.EventEnvelope;
import dev.concert.events.EventType;
import dev.concert.events.ReservationConfirmed;
import dev.concert.events.SeatHeld;
import dev.concert.events.Topics;
import dev.concert.events.WalletDebited;
import dev.concert.testing.BenchAccounts;
import dev.concert.testing.TestIssuer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load driver for bench/payments.sh (not a test). Against a running wallet-service and payment-service it plays
 * reservation-service (SeatHeld, ReservationConfirmed on WalletDebited, and the internal HTTP lookup), and measures
 * <ul>
 * <li>the broker's own produce→consume latency on a scratch topic (the floor under every saga hop),</li>
 * <li>payments per second and end-to-end saga latency: POST /payments until the client sees COMPLETED.</li>
 * </ul>
 * Arguments: {@code key=value} pairs, see {@link #main}. Everything stays on 127.0.0.1.
 */
public final class PaymentsBench {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventCodec CODEC = new EventCodec();
    static final long PRICE = 10_000;
    /**
     * 5 x 20,000,000 KRW per user: 10,000 payments each, enough for minutes of warm-up (bench/payments.sh raises the
     * bench wallet's charge and balance limits for it)
     */
    static final int CHARGES_PER_USER = 5;
    static final long CHARGE = 20_000_000;
    static final int MIN_WARMUP_SECONDS = 30;
    /** a service's JIT threads busy less than this share of one core over the last 10 s: warm */
    static final double JIT_SETTLED_SHARE = 0.05;
    /** the one sale every benchmark hold is of: payments are made from inside its waiting room, as via the gateway */
    static final UUID SALE = UUID.randomUUID();

    final String bootstrap;
    final String walletUrl;
    final String paymentUrl;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    /** what the services' consumer groups were behind during the measured phase, as report rows */
    List<Map.Entry<String, String>> lagReport = List.of();

    /** name -> pid of the processes whose CPU time per payment is reported (Linux /proc), e.g. wallet:123 */
    Map<String, Long> cpuPids = Map.of();
    /** a scratch database for the commit-rate floor, or empty to skip it */
    String commitFloorUrl = "";

    PaymentsBench(String bootstrap, String walletUrl, String paymentUrl) {
        this.bootstrap = bootstrap;
        this.walletUrl = walletUrl;
        this.paymentUrl = paymentUrl;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>(Map.of("bootstrap", "127.0.0.1:19592", "wallet",
                "http://127.0.0.1:28184", "payment", "http://127.0.0.1:28185", "reservation-port", "28183",
                "seconds", "20", "warmup-seconds", "8", "concurrency", "32", "users", "64", "pings", "300"));
        opt.putIfAbsent("latency-seconds", "10");
        opt.putIfAbsent("cpu-pids", "");
        opt.putIfAbsent("db", "");
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            opt.put(kv[0].replaceFirst("^--", ""), kv[1]);
        }
        PaymentsBench bench = new PaymentsBench(opt.get("bootstrap"), opt.get("wallet"), opt.get("payment"));
        bench.cpuPids = ProcessCpu.parse(opt.get("cpu-pids"));
        if (!bench.cpuPids.isEmpty()) {
            bench.cpuPids.put("driver (clients + reservation double)", ProcessHandle.current().pid());
        }
        bench.commitFloorUrl = opt.get("db");
        System.exit(bench.run(Integer.parseInt(opt.get("reservation-port")), Integer.parseInt(opt.get("seconds")),
                Integer.parseInt(opt.get("warmup-seconds")), Integer.parseInt(opt.get("latency-seconds")),
                Integer.parseInt(opt.get("concurrency")), Integer.parseInt(opt.get("users")),
                Integer.parseInt(opt.get("pings"))));
    }

    int run(int reservationPort, int seconds, int warmupSeconds, int latencySeconds, int concurrency, int userCount,
            int pings) throws Exception {
        if (!BenchAccounts.fromBenchIssuer()) {
        // both services must trust this JVM's test issuer, as the test contexts do (TestIssuer.Registration)
        System.out.printf("access tokens of issuer %s (keys: %s): services need%n"
                        + "  CONCERT_ACCESSTOKEN_ISSUERS_BENCH_ISSUER=%s CONCERT_ACCESSTOKEN_ISSUERS_BENCH_JWKSETURI=%s"
                        + " CONCERT_ACCESSTOKEN_ISSUERS_BENCH_SUBJECTISACCOUNTID=true%n",
                TestIssuer.shared().issuer(), TestIssuer.shared().jwkSetUri(), TestIssuer.shared().issuer(),
                TestIssuer.shared().jwkSetUri());
        }
        List<Long> floorBefore = brokerRoundTrips(pings);

        try (ReservationDouble reservations = new ReservationDouble(bootstrap, reservationPort)) {
            List<UUID> users = new ArrayList<>();
            Map<UUID, Long> charged = new ConcurrentHashMap<>();
            for (BenchAccounts.Account account : BenchAccounts.signedIn(userCount)) {
                UUID user = account.id();
                tokens.put(user, account.accessToken());
                users.add(user);
                for (int c = 0; c < CHARGES_PER_USER; c++) {
                    JsonNode receipt = send("POST", walletUrl + "/api/v1/users/me/wallet/charges", user,
                            "{\"amount\":" + CHARGE + "}").body();
                    charged.merge(user, receipt.required("amount").asLong(), Long::sum);
                }
            }
            System.out.printf("charged %d users with %,d KRW each%n", userCount, CHARGES_PER_USER * CHARGE);

            // C2 keeps compiling for minutes on two shared cores (at 60 s, a quarter of the machine's CPU was still
            // the services' JIT threads): warm up until every service's JIT has settled, at most warmupSeconds
            List<Load> warmups = new ArrayList<>();
            long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds);
            Map<String, Double> jitBefore = JitTime.seconds(cpuPids);
            int warmedSeconds = 0;
            while (System.nanoTime() < warmupEnd) {
                warmups.add(load(reservations, users, concurrency, Duration.ofSeconds(10)));
                warmedSeconds += 10;
                Map<String, Double> jitNow = JitTime.seconds(cpuPids);
                double busiest = JitTime.busiest(jitBefore, jitNow) / 10;
                jitBefore = jitNow;
                if (warmedSeconds >= MIN_WARMUP_SECONDS && busiest < JIT_SETTLED_SHARE) {
                    break;
                }
            }
            int warmedUp = warmups.stream().mapToInt(l -> l.completed.get()).sum();
            System.out.printf("warm-up: %d payments completed in %ds%n", warmedUp, warmedSeconds);
            Load warmup = merged(warmups);
            // one client at a time: the saga's own latency, with no queue in front of it
            Load single = load(reservations, users, 1, Duration.ofSeconds(latencySeconds));
            Map<String, Double> jitStart = JitTime.seconds(cpuPids);
            Map<String, Long> cpuBefore = ProcessCpu.ticks(cpuPids);
            Map<String, Long> statementsBefore = CommitFloor.statements(commitFloorUrl);
            Load measured;
            try (ConsumerLag lag = ConsumerLag.sampling(bootstrap, List.of("wallet-service", "payment-service"))) {
                measured = load(reservations, users, concurrency, Duration.ofSeconds(seconds));
                lagReport = lag.report();
            }
            Map<String, Long> statements = CommitFloor.since(statementsBefore, CommitFloor.statements(commitFloorUrl));
            long sagaCommits = statements.getOrDefault("Com_commit", 0L);
            Map<String, Long> cpuAfter = ProcessCpu.ticks(cpuPids);
            Map<String, Double> jitEnd = JitTime.seconds(cpuPids);
            CommitFloor commits = commitFloorUrl.isEmpty() ? null : CommitFloor.measure(commitFloorUrl, 16,
                    Duration.ofSeconds(5));

            List<Long> floorAfter = brokerRoundTrips(pings);
            List<Long> floor = new ArrayList<>(floorBefore);
            floor.addAll(floorAfter);

            boolean balanced = moneyIsAccountedFor(users, charged, warmup, single, measured);
            report(latencySeconds, single, seconds, concurrency, measured, floor, reservations.lookups.get(),
                    balanced);
            reportCost(measured, cpuBefore, cpuAfter, commits, sagaCommits, statements);
            reportJit(measured, jitStart, jitEnd);
            System.out.println();
            lagReport.forEach(line -> row(line.getKey(), line.getValue()));
            return balanced && single.errors.get() + measured.errors.get() == 0 ? 0 : 1;
        }
    }

    // ------------------------------------------------------------------ the saga under load

    static final class Load {
        final AtomicInteger completed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger answeredPending = new AtomicInteger();
        final List<Long> latencyMicros = Collections.synchronizedList(new ArrayList<>());
        final Map<UUID, AtomicLong> paidByUser = new ConcurrentHashMap<>();
        long elapsedNanos;
    }

    Load load(ReservationDouble reservations, List<UUID> users, int concurrency, Duration duration)
            throws InterruptedException {
        Load load = new Load();
        long end = System.nanoTime() + duration.toNanos();
        long started = System.nanoTime();
        try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < concurrency; w++) {
                UUID user = users.get(w % users.size());
                workers.submit(() -> {
                    // hold the next seat one step ahead, as a user holds and then pays: by the time it is paid
                    // payment-service has normally heard its SeatHeld
                    UUID next = reservations.hold(user, PRICE);
                    while (System.nanoTime() < end) {
                        UUID reservation = next;
                        next = reservations.hold(user, PRICE);
                        pay(load, user, reservation);
                    }
                    return null;
                });
            }
        }
        load.elapsedNanos = System.nanoTime() - started;
        return load;
    }

    void pay(Load load, UUID user, UUID reservationId) {
        long t0 = System.nanoTime();
        try {
            Reply reply = send("POST", paymentUrl + "/api/v1/payments", user,
                    "{\"reservationId\":\"" + reservationId + "\"}");
            if (reply.status() != 200 && reply.status() != 202) {
                load.errors.incrementAndGet();
                System.err.println("payment refused: " + reply.status() + " " + reply.body());
                return;
            }
            String status = reply.body().path("status").asString();
            if (status.equals("PENDING")) {
                load.answeredPending.incrementAndGet();
                String id = reply.body().path("paymentId").asString();
                while (status.equals("PENDING")) {
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(60)) {
                        load.errors.incrementAndGet();
                        return;
                    }
                    // as the API asks of a client: wait for the outcome server-side instead of polling hard
                    status = send("GET", paymentUrl + "/api/v1/payments/" + id, user, null).body().path("status")
                            .asString();
                }
            }
            long micros = (System.nanoTime() - t0) / 1_000;
            if (status.equals("COMPLETED")) {
                load.completed.incrementAndGet();
                load.latencyMicros.add(micros);
                load.paidByUser.computeIfAbsent(user, u -> new AtomicLong()).addAndGet(PRICE);
            } else {
                load.failed.incrementAndGet();
            }
        } catch (Exception e) {
            load.errors.incrementAndGet();
            System.err.println("payment error: " + e);
        }
    }

    boolean moneyIsAccountedFor(List<UUID> users, Map<UUID, Long> charged, Load... loads) throws Exception {
        boolean ok = true;
        for (UUID user : users) {
            long paid = 0;
            for (Load load : loads) {
                paid += load.paidByUser.getOrDefault(user, new AtomicLong()).get();
            }
            long balance = send("GET", walletUrl + "/api/v1/users/me/wallet", user, null).body()
                    .required("balance").asLong();
            if (charged.get(user) != balance + paid) {
                System.err.printf("MONEY MISMATCH user %s: charged %d, balance %d, completed payments %d%n", user,
                        charged.get(user), balance, paid);
                ok = false;
            }
        }
        return ok;
    }

    record Reply(int status, JsonNode body) {
    }

    /** One access token per user, signed once (valid 15 minutes, longer than a run): no RSA signing per request. */
    final Map<UUID, String> tokens = new ConcurrentHashMap<>();

    Reply send(String method, String url, UUID user, String body) throws IOException, InterruptedException {
        String token = tokens.computeIfAbsent(user, TestIssuer.shared()::accessToken);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token);
        if (body == null) {
            request.header("Prefer", "wait=2").GET();
        } else {
            request.header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    .header("X-Queue-Room", SALE.toString())
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    // ------------------------------------------------------------------ the broker's floor

    /** Produce→consume times of single records, one at a time, with the services' producer settings. */
    List<Long> brokerRoundTrips(int pings) throws Exception {
        String topic = "bench.ping";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            }
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-ping-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        List<Long> micros = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer());
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                     new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < pings + 20; i++) {
                String id = UUID.randomUUID().toString();
                long t0 = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, id, id));
                boolean seen = false;
                while (!seen) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        seen |= r.key().equals(id);
                    }
                    if (System.nanoTime() - t0 > TimeUnit.SECONDS.toNanos(10)) {
                        throw new IllegalStateException("ping not received within 10 s");
                    }
                }
                if (i >= 20) {
                    micros.add((System.nanoTime() - t0) / 1_000);
                }
            }
        }
        return micros;
    }

    // ------------------------------------------------------------------ report

    void report(int latencySeconds, Load single, int seconds, int concurrency, Load load, List<Long> floor,
                int lookups, boolean balanced) {
        List<Long> alone = sorted(single.latencyMicros);
        List<Long> loaded = sorted(load.latencyMicros);
        Collections.sort(floor);
        System.out.println();
        System.out.printf("payments saga: 1 wallet-service + 1 payment-service, reservation-service played by the driver%n");
        System.out.println("| metric                                               | value        |");
        System.out.println("|------------------------------------------------------|--------------|");
        row("broker produce->consume p50 (floor of one hop)", ms(percentile(floor, 50)));
        row("broker produce->consume p99", ms(percentile(floor, 99)));
        row("1 client, " + latencySeconds + " s: payments completed", String.valueOf(single.completed.get()));
        row("1 client: saga latency p50 (POST -> COMPLETED)", ms(percentile(alone, 50)));
        row("1 client: saga latency p99", ms(percentile(alone, 99)));
        row(concurrency + " clients, " + seconds + " s: payments completed", String.valueOf(load.completed.get()));
        row(concurrency + " clients: throughput (payments/s)",
                String.format("%.1f", load.completed.get() / (load.elapsedNanos / 1e9)));
        row(concurrency + " clients: saga latency p50", ms(percentile(loaded, 50)));
        row(concurrency + " clients: saga latency p99", ms(percentile(loaded, 99)));
        row(concurrency + " clients: answered 202 PENDING, then polled",
                String.valueOf(load.answeredPending.get()));
        row("failed / errors (all phases)", (single.failed.get() + load.failed.get()) + " / "
                + (single.errors.get() + load.errors.get()));
        row("sync lookups to reservation-service (all phases)", String.valueOf(lookups));
        row("money invariant (charged = balance + paid)", balanced ? "holds" : "BROKEN");
    }

    /**
     * What one payment costs the machine (CPU per process over the measured phase, divided by the payments completed
     * in it) and the share of the database's commit rate the saga uses: the commits the server counted over the
     * measured phase (its {@code Com_commit}: the requests, the consumers' batches, the relays' passes), against the
     * rate plain JDBC reaches with two-statement transactions.
     */
    void reportCost(Load load, Map<String, Long> before, Map<String, Long> after, CommitFloor commits,
                    long sagaCommitCount, Map<String, Long> statements) {
        int payments = Math.max(1, load.completed.get());
        double seconds = load.elapsedNanos / 1e9;
        if (!before.isEmpty()) {
            System.out.println();
            System.out.println("| CPU per payment (measured phase)                     | ms per payment | % of one core |");
            System.out.println("|------------------------------------------------------|---------------:|--------------:|");
            double total = 0;
            for (String name : before.keySet()) {
                double cpuMs = (after.getOrDefault(name, 0L) - before.get(name)) * ProcessCpu.MS_PER_TICK;
                total += cpuMs;
                System.out.printf("| %-52s | %14.2f | %13.1f |%n", name, cpuMs / payments, cpuMs / seconds / 10);
            }
            System.out.printf("| %-52s | %14.2f | %13.1f |%n", "all of the above", total / payments,
                    total / seconds / 10);
        }
        if (commits != null) {
            double sagaCommits = sagaCommitCount / seconds;
            System.out.println();
            row("floor: commits/s over JDBC (16 connections, 2 inserts each)", String.format("%.0f", commits.perSecond()));
            row("saga: commits/s (the server's count, measured phase)", String.format("%.0f", sagaCommits));
            row("saga: commits per payment", String.format("%.2f", (double) sagaCommitCount / payments));
            row("saga's share of the database's commit rate", String.format("%.0f %%",
                    100 * sagaCommits / commits.perSecond()));
        }
        if (!statements.isEmpty()) {
            // what the server was sent per payment, by kind (its global counters: everything else must be idle)
            System.out.println();
            statements.forEach((counter, count) -> row("server statements per payment: " + counter,
                    String.format("%.2f", (double) count / payments)));
        }
    }

    static Load merged(List<Load> loads) {
        Load all = new Load();
        for (Load l : loads) {
            all.completed.addAndGet(l.completed.get());
            all.failed.addAndGet(l.failed.get());
            all.errors.addAndGet(l.errors.get());
            all.answeredPending.addAndGet(l.answeredPending.get());
            l.paidByUser.forEach((u, paid) -> all.paidByUser.computeIfAbsent(u, x -> new AtomicLong())
                    .addAndGet(paid.get()));
            all.elapsedNanos += l.elapsedNanos;
        }
        return all;
    }

    /** How much of the measured phase the services' JIT compilers still took: near zero, or the run measured the JIT. */
    void reportJit(Load load, Map<String, Double> start, Map<String, Double> end) {
        if (start.isEmpty()) {
            return;
        }
        double seconds = load.elapsedNanos / 1e9;
        System.out.println();
        start.forEach((name, before) -> row("JIT compile time in the measured phase: " + name, String.format(
                "%.1f s (%.0f %% of a core)", end.getOrDefault(name, before) - before,
                100 * (end.getOrDefault(name, before) - before) / seconds)));
    }

    /** The JIT's accumulated compile time of each JVM (jstat -compiler), in seconds; not the broker's or database's. */
    static final class JitTime {
        static Map<String, Double> seconds(Map<String, Long> pids) {
            Map<String, Double> times = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                if (name.equals("kafka") || name.equals("mariadb")) {
                    return;
                }
                try {
                    Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat")
                            .toString(), "-compiler", String.valueOf(pid)).redirectErrorStream(true).start();
                    List<String> lines = new String(jstat.getInputStream().readAllBytes()).lines().toList();
                    jstat.waitFor();
                    // "Compiled Failed Invalid Time FailedType FailedMethod": Time is the fourth column
                    // (jstat prints it in the default locale: 12,34 in some)
                    times.put(name, Double.parseDouble(lines.get(1).trim().split("\\s+")[3].replace(',', '.')));
                } catch (IOException | RuntimeException e) {
                    // no jstat here: the warm-up runs its full length
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return times;
        }

        /** The largest compile time any one JVM added between the two readings (all of it when none was read). */
        static double busiest(Map<String, Double> before, Map<String, Double> after) {
            if (after.isEmpty()) {
                return Double.MAX_VALUE;
            }
            return after.entrySet().stream().mapToDouble(e -> e.getValue() - before.getOrDefault(e.getKey(), 0.0))
                    .max().orElse(Double.MAX_VALUE);
        }
    }

    /**
     * Where the saga waits: once a second, how many records each service's consumer group is behind on each topic (its
     * committed offsets against the topics' ends), reported as median and maximum over the measured phase. A group
     * whose median lag is a sizeable share of a second's events is a serial stage the payments queue before.
     */
    static final class ConsumerLag implements AutoCloseable {
        private final Admin admin;
        private final List<String> groupsContaining;
        private final Map<String, List<Long>> samples = new java.util.TreeMap<>();
        private final Thread sampler;
        private volatile boolean running = true;

        private ConsumerLag(String bootstrap, List<String> groupsContaining) {
            this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
            this.groupsContaining = groupsContaining;
            this.sampler = Thread.ofPlatform().daemon().name("consumer-lag").start(this::sample);
        }

        static ConsumerLag sampling(String bootstrap, List<String> groupsContaining) {
            return new ConsumerLag(bootstrap, groupsContaining);
        }

        private void sample() {
            while (running) {
                try {
                    for (var group : admin.listGroups().all().get()) {
                        String id = group.groupId();
                        if (groupsContaining.stream().noneMatch(id::contains)) {
                            continue;
                        }
                        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> committed =
                                admin.listConsumerGroupOffsets(id).partitionsToOffsetAndMetadata().get();
                        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                        committed.keySet().forEach(tp -> latest.put(tp,
                                org.apache.kafka.clients.admin.OffsetSpec.latest()));
                        var ends = admin.listOffsets(latest).all().get();
                        Map<String, Long> byTopic = new java.util.TreeMap<>();
                        committed.forEach((tp, at) -> byTopic.merge(tp.topic(),
                                ends.get(tp).offset() - (at == null ? 0 : at.offset()), Long::sum));
                        synchronized (samples) {
                            byTopic.forEach((topic, behind) -> samples.computeIfAbsent(id + " on " + topic,
                                    k -> new ArrayList<>()).add(behind));
                        }
                    }
                    Thread.sleep(1_000);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // a sample lost: the report says how many were taken
                }
            }
        }

        List<Map.Entry<String, String>> report() {
            synchronized (samples) {
                return samples.entrySet().stream().map(e -> {
                    List<Long> sorted = sorted(e.getValue());
                    return Map.entry("records behind: " + e.getKey(), String.format("median %d, max %d (%d samples)",
                            sorted.get(sorted.size() / 2), sorted.getLast(), sorted.size()));
                }).toList();
            }
        }

        @Override
        public void close() {
            running = false;
            sampler.interrupt();
            try {
                sampler.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            admin.close(Duration.ofSeconds(2));
        }
    }

    static List<Long> sorted(List<Long> values) {
        List<Long> copy;
        synchronized (values) {
            copy = new ArrayList<>(values);
        }
        Collections.sort(copy);
        return copy;
    }

    /** CPU time of processes from /proc/<pid>/stat (utime + stime, in clock ticks of 10 ms). */
    static final class ProcessCpu {
        static final double MS_PER_TICK = 10.0;

        static Map<String, Long> parse(String spec) {
            Map<String, Long> pids = new java.util.LinkedHashMap<>();
            for (String pair : spec.split(",")) {
                String[] kv = pair.split(":", 2);
                if (kv.length == 2 && !kv[1].isBlank()) {
                    pids.put(kv[0], Long.parseLong(kv[1].trim()));
                }
            }
            return pids;
        }

        static Map<String, Long> ticks(Map<String, Long> pids) {
            Map<String, Long> ticks = new java.util.LinkedHashMap<>();
            pids.forEach((name, pid) -> {
                try {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.put(name, Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                } catch (IOException | RuntimeException e) {
                    ticks.put(name, 0L);
                }
            });
            return ticks;
        }
    }

    /** The database's own commit rate: transactions of two inserts (a state row and an outbox-sized row). */
    record CommitFloor(double perSecond) {
        /** The server's count of committed transactions so far (all clients; 0 without a database URL). */
        static final List<String> COUNTERS = List.of("Questions", "Com_select", "Com_insert", "Com_update",
                "Com_delete", "Com_set_option", "Com_commit", "Com_rollback", "Com_stmt_execute");

        /** The server's counts of statements so far, by kind (all clients; empty without a database URL). */
        static Map<String, Long> statements(String url) throws Exception {
            Map<String, Long> counts = new java.util.LinkedHashMap<>();
            if (url.isEmpty()) {
                return counts;
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "root", "");
                 java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS")) {
                while (rs.next()) {
                    if (COUNTERS.contains(rs.getString(1))) {
                        counts.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            Map<String, Long> ordered = new java.util.LinkedHashMap<>();
            COUNTERS.forEach(k -> ordered.put(k, counts.getOrDefault(k, 0L)));
            return counts.isEmpty() ? counts : ordered;
        }

        static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
            Map<String, Long> delta = new java.util.LinkedHashMap<>();
            after.forEach((k, v) -> delta.put(k, v - before.getOrDefault(k, 0L)));
            return delta;
        }

        static CommitFloor measure(String url, int connections, Duration duration) throws Exception {
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "root", "");
                 java.sql.Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS bench_commit_floor (id BIGINT AUTO_INCREMENT PRIMARY KEY, "
                        + "k CHAR(36) NOT NULL, body VARCHAR(1000) NOT NULL)");
            }
            AtomicLong commits = new AtomicLong();
            long end = System.nanoTime() + duration.toNanos();
            try (ExecutorService pool = Executors.newFixedThreadPool(connections)) {
                for (int i = 0; i < connections; i++) {
                    pool.submit(() -> {
                        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "root", "");
                             java.sql.PreparedStatement insert = c.prepareStatement(
                                     "INSERT INTO bench_commit_floor (k, body) VALUES (?, ?)")) {
                            c.setAutoCommit(false);
                            String body = "x".repeat(600);
                            while (System.nanoTime() < end) {
                                for (int row = 0; row < 2; row++) {
                                    insert.setString(1, UUID.randomUUID().toString());
                                    insert.setString(2, body);
                                    insert.executeUpdate();
                                }
                                c.commit();
                                commits.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "root", "");
                 java.sql.Statement st = c.createStatement()) {
                st.execute("DROP TABLE bench_commit_floor");
            }
            return new CommitFloor(commits.get() / (duration.toNanos() / 1e9));
        }
    }

    static void row(String name, String value) {
        System.out.printf("| %-52s | %12s |%n", name, value);
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    static String ms(long micros) {
        return String.format("%.1f ms", micros / 1000.0);
    }

    // ------------------------------------------------------------------ reservation-service, played

    /**
     * Holds seats (SeatHeld), confirms them when the wallet debits (ReservationConfirmed), and answers
     * {@code GET /internal/reservations/{id}} for payment-service's fallback. Only its own reservations.
     */
    static final class ReservationDouble implements AutoCloseable {

        record Hold(UUID reservationId, UUID scheduleId, UUID seatId, UUID userId, long price, Instant expiresAt) {
        }

        final Map<UUID, Hold> holds = new ConcurrentHashMap<>();
        final KafkaProducer<String, String> producer;
        final HttpServer server;
        final AtomicInteger lookups = new AtomicInteger();
        final CountDownLatch assigned = new CountDownLatch(1);
        final Thread consumerThread;
        volatile boolean running = true;
        final String bootstrap;

        ReservationDouble(String bootstrap, int port) throws IOException, InterruptedException {
            this.bootstrap = bootstrap;
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
            producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 100);
            server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/internal/reservations/", exchange -> {
                lookups.incrementAndGet();
                try (exchange) {
                    String path = exchange.getRequestURI().getPath();
                    Hold hold = holds.get(UUID.fromString(path.substring(path.lastIndexOf('/') + 1)));
                    if (hold == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    byte[] body = JSON.writeValueAsString(Map.of("reservationId", hold.reservationId(), "userId",
                            hold.userId(), "scheduleId", hold.scheduleId(), "seatId", hold.seatId(), "seatNumber", 1,
                            "price", hold.price(), "status", "HELD", "expiresAt", hold.expiresAt().toString()))
                            .getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(body);
                    }
                } catch (RuntimeException e) {
                    exchange.sendResponseHeaders(400, -1);
                }
            });
            server.start();
            consumerThread = Thread.ofPlatform().name("bench-reservation-double").start(this::consume);
            if (!assigned.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("reservation double got no partitions of " + Topics.WALLET);
            }
        }

        UUID hold(UUID user, long price) {
            Hold hold = new Hold(UUID.randomUUID(), SALE, UUID.randomUUID(), user, price,
                    Instant.now().plus(Duration.ofMinutes(5)));
            holds.put(hold.reservationId(), hold);
            publish(new SeatHeld(hold.reservationId(), hold.scheduleId(), hold.seatId(), 1, user, price,
                    hold.expiresAt()));
            return hold.reservationId();
        }

        void publish(DomainEvent event) {
            EventEnvelope envelope = CODEC.wrap(event);
            producer.send(new ProducerRecord<>(EventType.of(event).topic(), envelope.key(), CODEC.toJson(envelope)));
        }

        void consume() {
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-reservation-double-" + UUID.randomUUID());
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                    new StringDeserializer())) {
                consumer.subscribe(List.of(Topics.WALLET));
                while (running) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        DomainEvent event;
                        try {
                            event = CODEC.payloadOf(CODEC.fromJson(r.value())).orElse(null);
                        } catch (RuntimeException notAnEvent) {
                            continue;
                        }
                        if (event instanceof WalletDebited d) {
                            Hold hold = holds.remove(d.reservationId());
                            if (hold != null) {
                                publish(new ReservationConfirmed(hold.reservationId(), d.paymentId(),
                                        hold.scheduleId(), hold.seatId(), hold.userId(), d.amount(), 0, 1));
                            }
                        }
                    }
                    if (assigned.getCount() > 0 && !consumer.assignment().isEmpty()) {
                        consumer.assignment().forEach(consumer::position);
                        assigned.countDown();
                    }
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            consumerThread.join(5_000);
            producer.close(Duration.ofSeconds(5));
            server.stop(0);
        }
    }
}
