package dev.concert.e2e.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the run is tuned by. scripts/load-fault.sh passes these as environment variables (defaults in brackets);
 * the stack-side values (capacity, hold time, expiry period) must be the ones the stack was started with.
 */
record RunSettings(
        int users,                  // USERS [2000]
        int schedules,              // SCHEDULES [3, at least 2]: the dates everyone fights over (50 seats each), each
                                    // its own waiting room; fans spread over them by arrival. Room 1 is a demo date
                                    // (on sale already), rooms 2.. are dates the run creates (see the gap below)
        Duration ramp,              // RAMP_SECONDS [60]: arrivals spread over this, so the faults meet live traffic
        Duration usersPhase,        // DURATION [300], capped by RUN_BUDGET_SECONDS: no fan starts a step after it
        Duration paymentFollow,     // PAYMENT_FOLLOW_SECONDS [90]: how long a fan follows a PENDING payment
        Duration settle,            // SETTLE_SECONDS [120]: wait for the saga to settle before the invariants
        int underfundPercent,       // UNDERFUND_PERCENT [10]
        int latePercent,            // LATE_PERCENT [10]
        int holdAttempts,           // HOLD_ATTEMPTS [3]: hold tries per fan (409 = someone was faster)
        Duration patience,          // PATIENCE_SECONDS [45]: how long a fan retries 5xx / no answer per step
        String stack,               // STACK [load]: the stack name and database suffix
        int portOffset,             // PORT_OFFSET [21000]
        int redisDatabase,          // LOAD_REDIS_DB [4]
        int activeCapacity,         // QUEUE_ACTIVE_CAPACITY [200]
        Duration expiryInterval,    // EXPIRY_INTERVAL_SECONDS [2]
        String faults,              // FAULTS [see FaultPlan.DEFAULT], "none" for a load-only run
                                    // (db-cut steps need the proxies scripts/load-fault.sh starts for them)
        Path root,                  // PROJECT_ROOT [.]
        Path runDir,                // LOAD_RUN_DIR [<root>/.local/run/<stack>]: the stack's pid and port files
        Duration reconciliationDeadline, // RECONCILIATION_DEADLINE_SECONDS [60]: payment-service's, as started
        int signInThreads,          // SIGN_IN_THREADS [16]: sign-ups and sign-ins before the sale, this many at once
        Duration runBudget,         // RUN_BUDGET_SECONDS [none = ZERO]: the driver's whole life, sign-ins included
        Duration roomOpeningGap,    // ROOM_OPENING_GAP_SECONDS [20]: room k (from 1) is a date the run creates
                                    // through concert-service's admin API whose sale opens (k-1) x this into the
                                    // users phase; 0: no date created, SCHEDULES demo dates (all on sale already)
        String adminKey) {          // ADMIN_KEY [local-admin-key]: concert-service's and queue-service's admin key,
                                    // as the stack started

    static RunSettings fromEnvironment() {
        String budget = System.getenv("RUN_BUDGET_SECONDS");
        Path root = Path.of(env("PROJECT_ROOT", ".")).toAbsolutePath().normalize();
        String stack = env("STACK", "load");
        Duration settle = seconds("SETTLE_SECONDS", 120);
        Duration follow = seconds("PAYMENT_FOLLOW_SECONDS", 90);
        Duration usersPhase = seconds("DURATION", 300);
        if (budget != null && !budget.isBlank()) {
            // the script's hard cap: users phase + following the last payments + settling + the report fit in it
            Duration left = Duration.ofSeconds(Long.parseLong(budget)).minus(settle).minus(follow).minusSeconds(20);
            if (left.compareTo(Duration.ofSeconds(30)) < 0) {
                throw new IllegalStateException("RUN_BUDGET_SECONDS=" + budget + " leaves no time for the users phase"
                        + " (SETTLE_SECONDS + PAYMENT_FOLLOW_SECONDS + 20 s are reserved)");
            }
            usersPhase = usersPhase.compareTo(left) < 0 ? usersPhase : left;
        }
        return new RunSettings(
                integer("USERS", 2000), Math.max(2, integer("SCHEDULES", 3)), seconds("RAMP_SECONDS", 60), usersPhase,
                follow, settle, integer("UNDERFUND_PERCENT", 10), integer("LATE_PERCENT", 10), integer("HOLD_ATTEMPTS", 3),
                seconds("PATIENCE_SECONDS", 45),
                stack, integer("PORT_OFFSET", 21000), integer("LOAD_REDIS_DB", 4),
                integer("QUEUE_ACTIVE_CAPACITY", 200), seconds("EXPIRY_INTERVAL_SECONDS", 2),
                env("FAULTS", FaultPlan.DEFAULT), root,
                Path.of(env("LOAD_RUN_DIR", root.resolve(".local/run/" + stack).toString())),
                seconds("RECONCILIATION_DEADLINE_SECONDS", 60), integer("SIGN_IN_THREADS", 16),
                budget == null || budget.isBlank() ? Duration.ZERO : Duration.ofSeconds(Long.parseLong(budget.trim())),
                seconds("ROOM_OPENING_GAP_SECONDS", 20), env("ADMIN_KEY", "local-admin-key"));
    }

    /**
     * The users phase once the sign-ins took {@code spent} of the run budget: what is left of it after settling,
     * following the last payments and the report, at most the planned phase.
     */
    Duration usersPhaseAfter(Duration spent) {
        if (runBudget.isZero()) {
            return usersPhase;
        }
        Duration left = runBudget.minus(spent).minus(settle).minus(paymentFollow).minusSeconds(20);
        if (left.compareTo(Duration.ofSeconds(30)) < 0) {
            throw new IllegalStateException("the sign-ups and sign-ins took " + spent.toSeconds() + " s of RUN_BUDGET_SECONDS="
                    + runBudget.toSeconds() + ": no time left for the users phase (raise MAX_SECONDS)");
        }
        return usersPhase.compareTo(left) < 0 ? usersPhase : left;
    }

    String gateway() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    /** identity-service through the gateway, at exactly the address the stack's issuer names (host localhost). */
    String authBase() {
        return "http://localhost:" + (8080 + portOffset) + "/auth";
    }

    /**
     * queue-service's instances (its admin API is not routed by the gateway): the ports the stack wrote
     * ({@code <runDir>/queue-service[-2].port}), else the first instance's by convention, 8081 + the offset.
     */
    List<String> queueServices() {
        return instances("queue-service", 8081);
    }

    /** concert-service's instances (its admin API, like queue-service's, is not routed by the gateway). */
    List<String> concertServices() {
        return instances("concert-service", 8082);
    }

    private List<String> instances(String service, int basePort) {
        List<String> bases = new ArrayList<>();
        for (String label : List.of(service, service + "-2")) {
            Path port = runDir.resolve(label + ".port");
            try {
                if (Files.isReadable(port)) {
                    bases.add("http://127.0.0.1:" + Files.readString(port).trim());
                }
            } catch (IOException e) {
                // not readable after all: the convention below
            }
        }
        if (bases.isEmpty()) {
            bases.add("http://127.0.0.1:" + (basePort + portOffset));
        }
        return bases;
    }

    int kafkaPort() {
        return 9092 + portOffset;
    }

    /** The control port of the database proxies scripts/load-fault.sh starts for the plan's db-cut steps. */
    int proxyControlPort() {
        return 3306 + portOffset;
    }

    Persona personaFor(int draw) { // draw in [0, 100)
        if (draw < underfundPercent) {
            return Persona.UNDERFUNDED;
        }
        return draw < underfundPercent + latePercent ? Persona.LATE_PAYER : Persona.PAYER;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int integer(String name, int fallback) {
        return Integer.parseInt(env(name, String.valueOf(fallback)));
    }

    private static Duration seconds(String name, long fallback) {
        return Duration.ofSeconds(Long.parseLong(env(name, String.valueOf(fallback))));
    }
}
