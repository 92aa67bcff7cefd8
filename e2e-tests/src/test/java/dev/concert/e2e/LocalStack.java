package dev.concert.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * The whole platform as processes, started once per test JVM with the project's own start command
 * ({@code STACK=e2e scripts/stack-up.sh}): two instances of every service behind the gateway, on ports +10000,
 * with its own Kafka broker, databases and Redis database, so it never touches a developer's local stack.
 */
final class LocalStack {

    static final int OFFSET = 10_000;
    static final String GATEWAY = "http://127.0.0.1:" + (8080 + OFFSET);
    /** identity-service through the gateway, at exactly the address its issuer names (host localhost). */
    static final String AUTH = "http://localhost:" + (8080 + OFFSET) + "/auth";
    static final Duration HOLD = Duration.ofSeconds(8);
    static final int ACTIVE_CAPACITY = 6;
    /** The stack's Zipkin (scripts/zipkin.sh, started by stack-up.sh at 9411 + the offset): every app's spans. */
    static final String ZIPKIN = "http://127.0.0.1:" + (9411 + OFFSET);

    private static boolean started;

    private LocalStack() {
    }

    static Path root() {
        String root = System.getProperty("project.root");
        Path p = root == null ? Path.of("..").toAbsolutePath().normalize() : Path.of(root);
        return Files.exists(p.resolve("scripts/stack-up.sh")) ? p : p.getParent();
    }

    /** A client of this stack's gateway. */
    static Api api() {
        return new Api(GATEWAY, AUTH);
    }

    static synchronized void ensureStarted() {
        Assumptions.assumeFalse(Boolean.getBoolean("e2e.skip"), "end-to-end tests skipped (-De2e.skip=true)");
        // -Dtest=... selects in both surefire executions: the fault matrix's JVM must not start this stack beside its own
        Assumptions.assumeFalse(Boolean.getBoolean("fault-matrix.execution"), "runs in the default execution");
        if (started) {
            return;
        }
        // settings that make the failure paths observable within seconds instead of minutes
        String env = String.join(" ",
                "HOLD_DURATION=" + HOLD.toSeconds() + "s", "PAYMENT_GRACE=4s", "EXPIRY_INTERVAL=1s",
                "QUEUE_ACTIVE_CAPACITY=" + ACTIVE_CAPACITY, "QUEUE_ADMISSION_INTERVAL=PT0.5S",
                "QUEUE_ADMISSION_BATCH_SIZE=" + ACTIVE_CAPACITY,
                "GATEWAY_ISSUE_RATE_PER_SECOND=1000", "GATEWAY_ISSUE_BURST=1000",
                "GATEWAY_CHARGE_RATE_PER_SECOND=1000", "GATEWAY_CHARGE_BURST=1000", "PAYMENT_RESPONSE_WAIT=3s",
                // every test signs up new accounts, all from 127.0.0.1
                "IDENTITY_SIGNUP_PER_ADDRESS_PER_HOUR=100000",
                // every request is traced and its spans sent to the stack's Zipkin (TraceIT reads them back)
                "TRACING_SAMPLING_PROBABILITY=1.0");
        Runtime.getRuntime().addShutdownHook(new Thread(LocalStack::stop));
        try {
            run(List.of("bash", "scripts/stack-up.sh"), Map.of("STACK", "e2e", "INSTANCES", "2", "SKIP_BUILD", "1",
                    "DB_POOL_SIZE", "8", "STACK_ENV", env), Duration.ofMinutes(8));
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        started = true;
    }

    static void stop() {
        try {
            run(List.of("bash", "scripts/stack-down.sh"), Map.of("STACK", "e2e"), Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            System.err.println("stopping the e2e stack failed: " + e.getMessage());
        }
    }

    static void run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            File log = Files.createTempFile("e2e-stack", ".log").toFile();
            ProcessBuilder pb = new ProcessBuilder(command).directory(root().toFile())
                    .redirectErrorStream(true).redirectOutput(log);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " timed out; output: " + Files.readString(log.toPath()));
            }
            String out = Files.readString(log.toPath());
            System.out.println(out);
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

    static String jdbcUrl(String service) {
        return "jdbc:mysql://127.0.0.1:3306/" + service + "_e2e";
    }
}
