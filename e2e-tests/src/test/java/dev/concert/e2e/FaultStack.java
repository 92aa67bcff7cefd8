package dev.concert.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The fault matrix's own stack ({@code STACK=faults}), started with the project's start command like
 * {@link LocalStack} but separate from it: ports +12000 (gateway 20080, broker 21092), databases {@code *_faults},
 * Redis database 5, two instances of every service, and short saga timings so that a fault and its aftermath fit in a
 * minute. The test JVM owns a {@link TcpProxy} in front of each saga consumer's store, so a fault cuts one service
 * from its database (or queue-service from Redis) and nothing else:
 * <ul>
 *   <li>concert-, reservation-, wallet- and payment-service get their database URL through the proxy
 *       ({@code <SERVICE>_DB_URL} in {@code STACK_ENV}, which stack-up.sh applies after its own variables);</li>
 *   <li>queue-service gets its Redis port through the proxy, the gateway keeps the direct Redis: both read
 *       {@code spring.data.redis.port}, so the override is keyed by {@code spring.application.name} in
 *       {@code SPRING_APPLICATION_JSON} (the gateway, named {@code gateway}, falls back to the usual port).</li>
 * </ul>
 */
final class FaultStack {

    static final String STACK = "faults";
    static final int OFFSET = 12_000;
    static final int REDIS_DATABASE = 5; // 0 local, 1 tests, 2 e2e, 3 benchmarks, 4 load run
    static final int KAFKA_PORT = 9092 + OFFSET;
    static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);
    /** identity-service through the gateway, at the address its issuer names. */
    static final String AUTH = "http://localhost:" + (8080 + OFFSET) + "/auth";
    static final Duration HOLD = Duration.ofSeconds(30);
    static final Duration PAYMENT_GRACE = Duration.ofSeconds(30);
    static final Duration RECONCILIATION_DEADLINE = Duration.ofSeconds(30);
    static final Duration RECONCILIATION_INTERVAL = Duration.ofSeconds(2);
    static final List<String> DATABASES = List.of("concert", "reservation", "wallet", "payment");

    private final Map<String, TcpProxy> proxies = new LinkedHashMap<>();
    private boolean started;

    /** The proxy named concert, reservation, wallet, payment (their databases) or redis (queue-service's). */
    TcpProxy proxy(String name) {
        TcpProxy proxy = proxies.get(name);
        if (proxy == null) {
            throw new IllegalArgumentException("no proxy " + name + " (have " + proxies.keySet() + ")");
        }
        return proxy;
    }

    synchronized void start() {
        for (String db : DATABASES) {
            proxies.put(db, TcpProxy.start(db + "-db", 0, "127.0.0.1", 3306));
        }
        proxies.put("redis", TcpProxy.start("queue-redis", 0, "127.0.0.1", 6379));
        StringBuilder env = new StringBuilder(String.join(" ",
                "HOLD_DURATION=" + HOLD.toSeconds() + "s", "PAYMENT_GRACE=" + PAYMENT_GRACE.toSeconds() + "s",
                "EXPIRY_INTERVAL=1s",
                "PAYMENT_RECONCILIATION_DEADLINE=" + RECONCILIATION_DEADLINE.toSeconds() + "s",
                "PAYMENT_RECONCILIATION_INTERVAL=" + RECONCILIATION_INTERVAL.toSeconds() + "s",
                "QUEUE_ACTIVE_CAPACITY=100", "QUEUE_ADMISSION_INTERVAL=PT0.5S", "QUEUE_ADMISSION_BATCH_SIZE=100",
                "GATEWAY_ISSUE_RATE_PER_SECOND=1000", "GATEWAY_ISSUE_BURST=1000",
                "GATEWAY_CHARGE_RATE_PER_SECOND=1000", "GATEWAY_CHARGE_BURST=1000",
                // the users and the newcomers sign up from 127.0.0.1, a few hundred over the matrix
                "IDENTITY_SIGNUP_PER_ADDRESS_PER_HOUR=100000"));
        for (String db : DATABASES) {
            env.append(' ').append(db.toUpperCase()).append("_DB_URL=jdbc:mysql://127.0.0.1:")
                    .append(proxy(db).port()).append('/').append(db).append('_').append(STACK)
                    .append("?createDatabaseIfNotExist=true");
        }
        // no blanks: STACK_ENV is split on whitespace
        env.append(" SPRING_APPLICATION_JSON={\"concert.faults.redis-port.queue-service\":").append(proxy("redis").port())
                .append(",\"spring.data.redis.port\":\"${concert.faults.redis-port.${spring.application.name}:${REDIS_PORT:6379}}\"}");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop));
        started = true;
        run(List.of("bash", "scripts/stack-up.sh"), Map.of("STACK", STACK, "INSTANCES", "2", "SKIP_BUILD", "1",
                "PORT_OFFSET", String.valueOf(OFFSET), "REDIS_DATABASE", String.valueOf(REDIS_DATABASE),
                "DB_POOL_SIZE", "8", "STACK_ENV", env.toString()), Duration.ofMinutes(8));
        // the services must really be behind the proxies, or every cut below tests nothing
        proxies.forEach((name, proxy) -> {
            if (proxy.accepted() == 0) {
                throw new IllegalStateException("nothing connected through the " + name + " proxy: " + proxy);
            }
        });
    }

    synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        proxies.values().forEach(p -> {
            if (p.isCut()) {
                p.restore();
            }
        });
        for (String label : managementPorts().keySet()) {
            try {
                signal(label, "CONT"); // a paused instance would not stop on TERM
            } catch (RuntimeException e) {
                System.err.println("kill -CONT " + label + ": " + e.getMessage());
            }
        }
        try {
            run(List.of("bash", "scripts/stack-down.sh"), Map.of("STACK", STACK), Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            System.err.println("stopping the faults stack failed: " + e.getMessage());
        }
        proxies.values().forEach(TcpProxy::close);
    }

    /**
     * Every service instance of the saga (not the gateway, not identity-service): label → its management port (where
     * its actuator answers), from the run files stack-up.sh writes.
     */
    Map<String, Integer> managementPorts() {
        Map<String, Integer> ports = new TreeMap<>();
        try (Stream<Path> files = Files.list(runDir())) {
            files.filter(f -> f.getFileName().toString().endsWith(".management-port")).forEach(f -> {
                String label = f.getFileName().toString().replace(".management-port", "");
                if (!label.equals("gateway") && !label.startsWith("identity-service")) {
                    try {
                        ports.put(label, Integer.parseInt(Files.readString(f).trim()));
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
        } catch (IOException e) {
            return ports;
        }
        return ports;
    }

    long pid(String label) {
        try {
            return Long.parseLong(Files.readString(runDir().resolve(label + ".pid")).trim());
        } catch (IOException e) {
            throw new IllegalStateException("no pid file for " + label + " in " + runDir(), e);
        }
    }

    /** kill -{@code signal} of one app instance (STOP, CONT). */
    void signal(String label, String signal) {
        long pid;
        try {
            pid = pid(label);
        } catch (IllegalStateException e) {
            return;
        }
        run(List.of("kill", "-" + signal, String.valueOf(pid)), Map.of(), Duration.ofSeconds(10));
    }

    /** scripts/kafka.sh stop|start for this stack's broker. */
    void kafka(String verb) {
        run(List.of("bash", "scripts/kafka.sh", verb), Map.of("KAFKA_PORT", String.valueOf(KAFKA_PORT)),
                Duration.ofMinutes(2));
    }

    Path logDir() {
        return LocalStack.root().resolve(".local/logs/" + STACK);
    }

    private static Path runDir() {
        return LocalStack.root().resolve(".local/run/" + STACK);
    }

    static void run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            File log = Files.createTempFile("fault-stack", ".log").toFile();
            ProcessBuilder pb = new ProcessBuilder(command).directory(LocalStack.root().toFile())
                    .redirectErrorStream(true).redirectOutput(log);
            // an inherited broker address would make kafka.sh and stack-up.sh use that broker instead of the stack's
            pb.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out; output: " + Files.readString(log.toPath()));
            }
            String out = Files.readString(log.toPath());
            List<String> lines = out.strip().lines().toList();
            if (p.exitValue() == 0 && !out.isBlank()) { // the gist; all of it when it failed
                lines.subList(Math.max(0, lines.size() - 2), lines.size()).forEach(l -> System.out.println("  " + l));
            }
            Files.deleteIfExists(log.toPath());
            if (p.exitValue() != 0) {
                throw new IllegalStateException(command + " failed (" + p.exitValue() + "):\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
