package dev.concert.e2e.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faults of a run, in seconds from the first fan's arrival; a step runs at its time but never sooner after the
 * previous step has finished than planned (restarts are slow on a busy machine). Written as {@code FAULTS="<s>:<action>[:<label>[:<seconds>]],…"}
 * with the actions {@code kill} (kill -9 of one app instance), {@code restart} (that instance again, through
 * {@code stack-up.sh --restart}), {@code kafka-restart} (the stack's broker, through {@code kafka.sh restart}),
 * {@code db-cut:<service>:<seconds>} (that service's database unreachable for it alone: every connection reset and new
 * ones refused by the proxy scripts/load-fault.sh put in front of it) and {@code pause:<label>:<seconds>} (one instance
 * frozen with SIGSTOP, then SIGCONT; {@code <service>-1} names the first instance). A db-cut or pause step lasts its
 * seconds; the next step's distance counts from its end.
 */
record FaultPlan(List<Step> steps) {

    /**
     * wallet-service loses its database while the first payments arrive, the first reservation-service instance
     * freezes past its session timeout, a second instance goes down mid-saga twice, the broker restarts between:
     * every saga step meets a fault.
     */
    static final String DEFAULT = "10:db-cut:wallet:20,35:pause:reservation-service-1:20,60:kill:reservation-service-2,"
            + "75:restart:reservation-service-2,90:kafka-restart,105:kill:wallet-service-2,120:restart:wallet-service-2";

    /** The services whose database a db-cut can take away (scripts/load-fault.sh proxies the ones the plan names). */
    static final List<String> DB_CUT_SERVICES = List.of("concert", "reservation", "wallet", "payment");

    enum Action { KILL, RESTART, KAFKA_RESTART, DB_CUT, PAUSE }

    /** {@code length}: how long a db-cut or pause lasts (zero for the others). */
    record Step(Duration at, Action action, String label, Duration length) {
        Step(Duration at, Action action, String label) {
            this(at, action, label, Duration.ZERO);
        }

        /** When the step is planned to be over. */
        Duration end() {
            return at.plus(length);
        }

        @Override
        public String toString() {
            return switch (action) {
                case KILL -> "kill -9 " + label;
                case RESTART -> "restart " + label;
                case KAFKA_RESTART -> "restart the Kafka broker";
                case DB_CUT -> label + "-service's database cut " + length.toSeconds() + " s";
                case PAUSE -> "SIGSTOP " + label + " " + length.toSeconds() + " s";
            };
        }
    }

    static FaultPlan parse(String spec) {
        List<Step> steps = new ArrayList<>();
        if (spec == null || spec.isBlank() || spec.equalsIgnoreCase("none")) {
            return new FaultPlan(steps);
        }
        for (String item : spec.split(",")) {
            String[] parts = item.trim().split(":");
            Duration at = Duration.ofSeconds(Long.parseLong(parts[0].trim()));
            Action action = Action.valueOf(parts[1].trim().toUpperCase().replace('-', '_'));
            if (action != Action.KAFKA_RESTART && parts.length < 3) {
                throw new IllegalArgumentException("FAULTS: '" + item + "' needs an app label, e.g. 15:kill:wallet-service-2");
            }
            if ((action == Action.DB_CUT || action == Action.PAUSE) && parts.length < 4) {
                throw new IllegalArgumentException("FAULTS: '" + item + "' needs a label and seconds, e.g."
                        + " 10:db-cut:wallet:20 or 35:pause:reservation-service-1:20");
            }
            if (action == Action.DB_CUT && !DB_CUT_SERVICES.contains(parts[2].trim())) {
                throw new IllegalArgumentException("FAULTS: '" + item + "': db-cut takes one of " + DB_CUT_SERVICES);
            }
            Duration length = parts.length > 3 ? Duration.ofSeconds(Long.parseLong(parts[3].trim())) : Duration.ZERO;
            steps.add(new Step(at, action, action == Action.KAFKA_RESTART ? "kafka" : parts[2].trim(), length));
        }
        steps.sort(Comparator.comparing(Step::at));
        return new FaultPlan(List.copyOf(steps));
    }
}
