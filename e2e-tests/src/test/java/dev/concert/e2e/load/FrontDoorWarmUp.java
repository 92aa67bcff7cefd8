package dev.concert.e2e.load;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Before the clock, as an operator warms a stack before a sale opens: fans browse the catalog, join the demo date's
 * waiting room, ask for their status, read the seat map once let in, and leave, {@code WARM_UP_THREADS} (32) at
 * once for {@code WARM_UP_SECONDS} (45; 0: none). On two cores a dozen JVMs that meet the sale cold spend its first
 * minutes compiling its paths (the gateway's C2 threads took 31 % of a core 90 s into a cold run, issue 16); this
 * lets the JIT do that first. Nothing is held or paid, and none of these requests is in the run's figures.
 */
final class FrontDoorWarmUp {

    private FrontDoorWarmUp() {
    }

    static Duration duration() {
        String value = System.getenv("WARM_UP_SECONDS");
        return Duration.ofSeconds(value == null || value.isBlank() ? 45 : Long.parseLong(value.trim()));
    }

    static int threads() {
        String value = System.getenv("WARM_UP_THREADS");
        return value == null || value.isBlank() ? 32 : Integer.parseInt(value.trim());
    }

    /** Returns the rounds completed (catalog, dates, join, status, leave). */
    static int run(GatewayClient gateway, List<Accounts.Account> accounts, Fan.Schedule room, Duration duration,
                   int threads, Consumer<String> log) {
        if (duration.isZero() || accounts.isEmpty() || room == null) {
            return 0;
        }
        log.accept(String.format("warming the front door for %d s (%d fans at once: catalog, join room %s, status,"
                + " seat map once ACTIVE, leave; not in the figures)", duration.toSeconds(), threads, room.scheduleId()));
        long end = System.nanoTime() + duration.toNanos();
        AtomicInteger rounds = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService fans = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < threads; t++) {
                fans.submit(() -> {
                    while (System.nanoTime() < end) {
                        Accounts.Account fan = accounts.get(Math.floorMod(next.getAndIncrement(), accounts.size()));
                        round(gateway, fan.accessToken(), room);
                        rounds.incrementAndGet();
                    }
                    return null;
                });
            }
        }
        log.accept(String.format("warm-up done: %d rounds", rounds.get()));
        return rounds.get();
    }

    private static void round(GatewayClient gateway, String accessToken, Fan.Schedule room) {
        gateway.get(Endpoint.CONCERTS, "/concerts", accessToken, null);
        gateway.get(Endpoint.SCHEDULES, "/concerts/" + room.concertId() + "/schedules", accessToken, null);
        GatewayClient.Reply issued = gateway.post(Endpoint.ISSUE_TOKEN, "/queue/tokens", accessToken, null,
                Map.of("roomId", room.scheduleId()), null);
        if (issued.status() != 201 || issued.body() == null) {
            return;
        }
        String token = issued.body().path("token").asString();
        for (int i = 0; i < 3; i++) {
            GatewayClient.Reply status = gateway.get(Endpoint.QUEUE_STATUS, "/queue/status", accessToken, token);
            if (status.status() == 200 && status.body() != null
                    && "ACTIVE".equals(status.body().path("status").asString())) {
                // the first page of the sale proper: the seat map (a read: nothing is held)
                gateway.get(Endpoint.SEATS, "/schedules/" + room.scheduleId() + "/seats", accessToken, token);
                break;
            }
        }
        gateway.delete(Endpoint.LEAVE_QUEUE, "/queue/tokens/me", accessToken, token);
    }
}
