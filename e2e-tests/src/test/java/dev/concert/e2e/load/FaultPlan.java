package dev.concert.e2e.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The faults of a run, in seconds from the first fan's arrival; a step runs at its time but never sooner after the
 * previous step has finished than planned (restarts are slow on a busy machine). Written as {@code FAULTS="<s>:<action>[:<label>],…"}
 * with the actions {@code kill} (kill -9 of one app instance), {@code restart} (that instance again, through
 * {@code stack-up.sh --restart}) and {@code kafka-restart} (the stack's broker, through {@code kafka.sh restart}).
 */
record FaultPlan(List<Step> steps) {

    /** A second instance goes down mid-saga twice, the broker restarts between: every saga step meets a fault. */
    static final String DEFAULT = "20:kill:reservation-service-2,35:restart:reservation-service-2,"
            + "50:kafka-restart,70:kill:wallet-service-2,85:restart:wallet-service-2";

    enum Action { KILL, RESTART, KAFKA_RESTART }

    record Step(Duration at, Action action, String label) {
        @Override
        public String toString() {
            return switch (action) {
                case KILL -> "kill -9 " + label;
                case RESTART -> "restart " + label;
                case KAFKA_RESTART -> "restart the Kafka broker";
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
            steps.add(new Step(at, action, action == Action.KAFKA_RESTART ? "kafka" : parts[2].trim()));
        }
        steps.sort(Comparator.comparing(Step::at));
        return new FaultPlan(List.copyOf(steps));
    }
}
