package dev.concert.e2e.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Waits, bounded, until the saga has nothing left in flight: no PENDING payment, no HELD reservation past its
 * deadline (expiry or payment grace), no unpublished outbox event. Only then do the invariants say something about
 * the end state rather than about the lag. concert-service's seats-left projection is compared with the inventory
 * separately ({@link #projectionGaps}): a drift there is permanent, and waiting for it would only burn the budget.
 */
final class Settling {

    record State(long pendingPayments, long overdueHolds, long unpublishedEvents) {
        boolean settled() {
            return pendingPayments == 0 && overdueHolds == 0 && unpublishedEvents == 0;
        }

        @Override
        public String toString() {
            return "PENDING payments " + pendingPayments + ", HELD past deadline " + overdueHolds
                    + ", unpublished outbox events " + unpublishedEvents;
        }
    }

    record Result(boolean settled, Duration took, State last) {
    }

    private static final List<String> OUTBOX_SERVICES = List.of("concert", "reservation", "wallet", "payment");

    private Settling() {
    }

    static Result await(StackDatabases db, Duration cap, Consumer<String> log) {
        long started = System.nanoTime();
        long lastLog = 0;
        State state = read(db);
        while (!state.settled() && System.nanoTime() - started < cap.toNanos()) {
            if (System.nanoTime() - lastLog > 5_000_000_000L) {
                log.accept(String.format("settling t+%ds: %s", (System.nanoTime() - started) / 1_000_000_000L, state));
                lastLog = System.nanoTime();
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            state = read(db);
        }
        return new Result(state.settled(), Duration.ofNanos(System.nanoTime() - started), state);
    }

    static State read(StackDatabases db) {
        long pending = db.count("payment", "SELECT COUNT(*) FROM payment WHERE status = 'PENDING'");
        long overdue = db.count("reservation", """
                SELECT COUNT(*) FROM reservation WHERE status = 'HELD'
                AND GREATEST(expires_at, COALESCE(payment_pending_until, expires_at)) < CURRENT_TIMESTAMP(6)""");
        long unpublished = 0;
        for (String service : OUTBOX_SERVICES) {
            unpublished += db.count(service, "SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL");
        }
        return new State(pending, overdue, unpublished);
    }

    /** The projection gaps still there after {@code lag} (concert-service may not have consumed the last events). */
    static List<String> projectionGapsAfter(StackDatabases db, Duration lag) {
        long until = System.nanoTime() + lag.toNanos();
        List<String> gaps = projectionGaps(db);
        while (!gaps.isEmpty() && System.nanoTime() < until) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            gaps = projectionGaps(db);
        }
        return gaps;
    }

    /** Schedules whose available_seats (concert-service, from SeatHeld/SeatReleased) differ from the inventory. */
    static List<String> projectionGaps(StackDatabases db) {
        Map<String, String> listed = new HashMap<>();
        for (String row : db.query("concert", "SELECT CONCAT(id, ' ', available_seats) FROM concert_schedule")) {
            String[] parts = row.split(" ");
            listed.put(parts[0], parts[1]);
        }
        List<String> gaps = new ArrayList<>();
        for (String row : db.query("reservation",
                "SELECT CONCAT(schedule_id, ' ', SUM(status = 'AVAILABLE')) FROM seat GROUP BY schedule_id")) {
            String[] parts = row.split(" ");
            String shown = listed.get(parts[0]);
            if (shown != null && !shown.equals(parts[1])) {
                gaps.add(parts[0] + ": concert-service says " + shown + " available, inventory " + parts[1]);
            }
        }
        return gaps;
    }
}
