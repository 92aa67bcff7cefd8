package dev.concert.e2e.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The end-of-run summary: traffic, errors, latencies, outcomes, the databases' view, faults and the checks. */
final class Report {

    /** A line of the verdict; {@code violations} empty = holds. A failing non-fatal check is a WARN. */
    record Check(String name, List<String> violations, boolean fatal) {
        static Check of(String name, List<String> violations) {
            return new Check(name, violations, true);
        }

        static Check warning(String name, List<String> violations) {
            return new Check(name, violations, false);
        }

        boolean holds() {
            return violations.isEmpty();
        }
    }

    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    /** The sign-up and sign-in phase before the sale (not on the run's clock). */
    void accounts(Accounts.Prepared prepared) {
        out.println();
        out.println("==================== load and fault run: summary ====================");
        out.printf("sign-up and sign-in before the sale (not on the run's clock): %d/%d fans in %.1f s, %d at once"
                        + " (%.0f fans/s); per fan (sign-up + PKCE sign-in, ms) p50 %.1f p99 %.1f max %.1f; retries %d;"
                        + " failures %s%n", prepared.accounts().size(), prepared.wanted(),
                prepared.took().toMillis() / 1000.0, prepared.threads(),
                prepared.accounts().size() / Math.max(0.001, prepared.took().toMillis() / 1000.0),
                prepared.perUser().p50Millis(), prepared.perUser().p99Millis(), prepared.perUser().maxMillis(),
                prepared.retries(), prepared.failures().isEmpty() ? "none" : prepared.failures());
    }

    void traffic(RunSettings settings, Metrics metrics, Stage.Crowd crowd, Duration usersPhase) {
        out.printf("fans %d over %d s (ramp %d s), %d schedules contested (%d seats, a waiting room each),"
                        + " personas %d%% underfunded,"
                        + " %d%% late payers%n", settings.users(), usersPhase.toSeconds(), settings.ramp().toSeconds(),
                settings.schedules(), settings.schedules() * 50, settings.underfundPercent(), settings.latePercent());
        if (crowd.count(Stage.NOT_ARRIVED) > 0) {
            out.printf("  %d fans never arrived (users phase over)%n", crowd.count(Stage.NOT_ARRIVED));
        }
        long requests = metrics.requests();
        out.printf("requests %d (%.0f/s over the users phase); non-2xx %d; of which 5xx or no answer %d%n", requests,
                requests / Math.max(1.0, usersPhase.toMillis() / 1000.0), metrics.nonSuccess(), metrics.unexpected());

        out.println("non-2xx answers by status and problem code (0 = no answer; t = when the requests were sent):");
        Map<String, Map<Endpoint, Metrics.Seen>> grouped = new LinkedHashMap<>();
        metrics.failures().entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<Metrics.Failure, Metrics.Seen> e) -> e.getValue().count())
                        .reversed())
                .forEach(e -> grouped.computeIfAbsent(e.getKey().status() + " " + e.getKey().code(),
                        k -> new LinkedHashMap<>()).merge(e.getKey().endpoint(), e.getValue(), Metrics.Seen::plus));
        if (grouped.isEmpty()) {
            out.println("  none");
        }
        grouped.entrySet().stream()
                .sorted(Comparator.comparingLong((Map.Entry<String, Map<Endpoint, Metrics.Seen>> e) ->
                        total(e.getValue()).count()).reversed())
                .forEach(e -> out.printf("  %-34s %7d  t=%d-%ds  (%s)%n", e.getKey(), total(e.getValue()).count(),
                        total(e.getValue()).firstSecond(), total(e.getValue()).lastSecond(),
                        e.getValue().entrySet().stream().map(x -> x.getKey().label + " " + x.getValue().count())
                                .collect(Collectors.joining(", "))));

        out.println("latency per endpoint (ms, client side, through the gateway):");
        out.printf("  %-34s %8s %8s %8s %8s%n", "endpoint", "count", "p50", "p99", "max");
        for (Endpoint endpoint : Endpoint.values()) {
            Metrics.Percentiles p = metrics.percentiles(endpoint);
            if (p.count() > 0) {
                out.printf("  %-34s %8d %8.1f %8.1f %8.1f%n", endpoint.label, p.count(), p.p50Millis(), p.p99Millis(),
                        p.maxMillis());
            }
        }

        out.printf("fans: holds %d, payments started %d%n", metrics.holds.sum(), metrics.paymentsStarted.sum());
        for (Outcome outcome : Outcome.values()) {
            long total = metrics.outcomes(outcome);
            if (total > 0) {
                List<String> byPersona = new ArrayList<>();
                for (Persona p : Persona.values()) {
                    long n = metrics.outcomes(p, outcome);
                    if (n > 0) {
                        byPersona.add(p.name().toLowerCase().replace('_', ' ') + " " + n);
                    }
                }
                out.printf("  %-22s %6d  %s  (%s)%n", outcome, total, outcome.meaning, String.join(", ", byPersona));
            }
        }
    }

    /**
     * Per waiting room: when it opens (t relative to the start of the users phase; "before" for a room open before
     * the run), fans who joined it, of them who joined before its opening (PRE_QUEUE, as the fans were told), the
     * pre-queue's length last sampled (GET /admin/rooms/{id}, every 0.5 s) before it opened, who were admitted,
     * holds, payments started, bookings (payment COMPLETED, as the fans saw it), and the wait from join to ACTIVE
     * (client side, seconds); under each row what the room is and its opening.
     */
    void rooms(WaitingRooms rooms) {
        out.println("waiting rooms (one per date; fans spread over them by arrival; opens: t from the users phase's"
                + " start; pre-queue: fans told PRE_QUEUE; at opening: queue-service's pre-queue last sampled before"
                + " the opening; wait = join to ACTIVE, s):");
        List<WaitingRooms.Room> all = rooms.all();
        if (all.isEmpty()) {
            out.println("  none joined");
            return;
        }
        out.printf("  %-3s %-36s %8s %6s %9s %10s %8s %6s %8s %6s %8s %8s %8s%n", "#", "room (schedule id)", "opens",
                "fans", "pre-queue", "at opening", "admitted", "holds", "payments", "booked", "wait p50", "wait p99",
                "max");
        for (WaitingRooms.Room room : all) {
            Metrics.Percentiles wait = room.waits.percentiles();
            out.printf("  %-3d %-36s %8s %6d %9d %10s %8d %6d %8d %6d %8.1f %8.1f %8.1f%n", room.order + 1,
                    room.roomId, opens(room, rooms.usersPhaseStart), room.fans.sum(), room.preQueued.sum(),
                    atOpening(room), room.admitted.sum(), room.holds.sum(), room.paymentsStarted.sum(),
                    room.booked.sum(), wait.p50Millis() / 1000.0, wait.p99Millis() / 1000.0,
                    wait.maxMillis() / 1000.0);
            List<String> notes = new ArrayList<>();
            notes.add(room.opening);
            if (room.opensAtFansSaw != null) {
                notes.add("fans in PRE_QUEUE were told it opens at " + room.opensAtFansSaw);
            }
            if (room.openedSeenAt != null && rooms.usersPhaseStart != null) {
                notes.add(String.format("seen open at t=%.1f s", Duration.between(rooms.usersPhaseStart,
                        room.openedSeenAt).toMillis() / 1000.0));
            }
            if (room.pickedUnlisted.sum() > 0) {
                notes.add(room.pickedUnlisted.sum() + " fans took it by its id while the listing did not show it"
                        + " (sale not open yet)");
            }
            if (room.roomNotFound.sum() > 0) {
                notes.add(room.roomNotFound.sum() + " joins answered 404 ROOM_NOT_FOUND (room not made yet),"
                        + " asked again");
            }
            out.println("      " + String.join("; ", notes));
        }
    }

    private static String opens(WaitingRooms.Room room, java.time.Instant usersPhaseStart) {
        if (room.opensAt == null || usersPhaseStart == null) {
            return "?";
        }
        long seconds = Duration.between(usersPhaseStart, room.opensAt).toSeconds();
        return seconds < 0 ? "before" : "t=" + seconds + "s";
    }

    private static String atOpening(WaitingRooms.Room room) {
        if (room.openAtFirstLook) {
            return "-"; // open before the run
        }
        if (room.openedSeenAt == null) {
            return room.preQueueAtOpening < 0 ? "?" : room.preQueueAtOpening + " (not open)";
        }
        return String.valueOf(room.preQueueAtOpening);
    }

    private static Metrics.Seen total(Map<Endpoint, Metrics.Seen> byEndpoint) {
        return byEndpoint.values().stream().reduce(Metrics.Seen::plus).orElseThrow();
    }

    void databases(StackDatabases db) {
        out.println("databases (" + "the stack's own tables, after settling):");
        out.println("  reservations (holds) " + db.count("reservation", "SELECT COUNT(*) FROM reservation") + ": "
                + String.join(", ", db.query("reservation",
                "SELECT CONCAT(status, ' ', COUNT(*)) FROM reservation GROUP BY status ORDER BY status")));
        out.println("  seats: " + String.join(", ", db.query("reservation",
                "SELECT CONCAT(status, ' ', COUNT(*)) FROM seat GROUP BY status ORDER BY status")));
        out.println("  payments " + db.count("payment", "SELECT COUNT(*) FROM payment") + ": " + String.join(", ",
                db.query("payment", "SELECT CONCAT(status, IF(failure_reason IS NULL, '', CONCAT('(', failure_reason,"
                        + " ')')), ' ', COUNT(*)) FROM payment GROUP BY status, failure_reason ORDER BY status")));
        out.println("  bookings (COMPLETED payments) " + bookings(db) + ", FAILED "
                + db.count("payment", "SELECT COUNT(*) FROM payment WHERE status = 'FAILED'") + ", REFUNDED "
                + db.count("payment", "SELECT COUNT(*) FROM payment WHERE status = 'REFUNDED'"));
        out.println("  wallet ledger: " + String.join(", ", db.query("wallet",
                "SELECT CONCAT(kind, ' ', COUNT(*), ' x = ', SUM(amount), ' KRW') FROM wallet_ledger GROUP BY kind")));
        out.println("  money: charged " + db.count("wallet", "SELECT COALESCE(SUM(amount), 0) FROM wallet_ledger"
                + " WHERE kind = 'CHARGE'") + " = balances " + db.count("wallet", "SELECT COALESCE(SUM(balance), 0)"
                + " FROM wallet") + " + completed payments " + db.count("payment", "SELECT COALESCE(SUM(amount), 0)"
                + " FROM payment WHERE status = 'COMPLETED'"));
    }

    static long bookings(StackDatabases db) {
        return db.count("payment", "SELECT COUNT(*) FROM payment WHERE status = 'COMPLETED'");
    }

    void faults(List<FaultInjector.Event> events) {
        out.println("faults injected:");
        if (events.isEmpty()) {
            out.println("  none");
        }
        events.forEach(e -> out.printf("  t=%3ds %-38s %s%n", e.atSeconds(), e.what(), e.result()));
    }

    /** The payment that stayed PENDING longest (to its end, or until now if it has not ended). */
    record LongestPending(double seconds, String payment) {
        @Override
        public String toString() {
            return payment.isEmpty() ? "no payment" : String.format("%.1f s (%s)", seconds, payment);
        }
    }

    static LongestPending longestPending(StackDatabases db) {
        List<String> rows = db.query("payment", """
                SELECT CONCAT(TIMESTAMPDIFF(MICROSECOND, created_at, COALESCE(finished_at, CURRENT_TIMESTAMP(6))) / 1e6,
                    ' payment ', payment_id, ' ', status, IF(failure_reason IS NULL, '', CONCAT(' ', failure_reason)))
                FROM payment
                ORDER BY TIMESTAMPDIFF(MICROSECOND, created_at, COALESCE(finished_at, CURRENT_TIMESTAMP(6))) DESC
                LIMIT 1""");
        if (rows.isEmpty()) {
            return new LongestPending(0, "");
        }
        String[] parts = rows.getFirst().split(" ", 2);
        return new LongestPending(Double.parseDouble(parts[0]), parts[1]);
    }

    void parkedAndPending(ParkedRecords.Result parked, LongestPending longest) {
        out.printf("parked records (GET /actuator/parked on every service instance): %d%s%n", parked.total(),
                parked.allAnswered() ? "" : " (some instances did not answer: " + parked.perInstance() + ")");
        out.println("longest PENDING payment: " + longest);
    }

    void settling(Settling.Result result) {
        out.printf("settling: %s after %d s (%s)%n", result.settled() ? "settled" : "NOT settled",
                result.took().toSeconds(), result.last());
    }

    /** Prints the verdict; true when every check holds. */
    boolean verdict(List<Check> checks) {
        out.println("invariants (docs/design.md §6 by Invariants(\"<stack>\"), then the run's own checks; WARN does not fail"
                + " the run):");
        boolean all = true;
        for (Check check : checks) {
            out.printf("  %s  %s%n", check.holds() ? "PASS" : check.fatal() ? "FAIL" : "WARN", check.name());
            check.violations().stream().limit(5).forEach(v -> out.println("          " + v));
            if (check.violations().size() > 5) {
                out.println("          … " + (check.violations().size() - 5) + " more");
            }
            all &= check.holds() || !check.fatal();
        }
        out.println("RESULT: " + (all ? "PASS" : "FAIL"));
        return all;
    }
}
