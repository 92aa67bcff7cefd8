package dev.concert.e2e.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;

/**
 * The waiting rooms the fans go into (a room per date; its id is the schedule's) and what happened in each: fans who
 * joined, of them who joined before the opening (PRE_QUEUE), who were admitted (ACTIVE) and how long that took from
 * their join, holds, payments started, bookings.
 * <p>
 * Before the fans arrive, {@link #prepare} sets the rooms up so that they open at different times: room 1 is a demo
 * date (on sale, its room open, long before the run); rooms 2.. are dates the run creates through concert-service's
 * admin API ({@code POST /admin/v1/concerts}, then {@code POST /admin/v1/concerts/{id}/schedules}, {@code X-Admin-Key};
 * not routed by the gateway), the sale of room k opening (k-1) x ROOM_OPENING_GAP_SECONDS into the users phase.
 * queue-service creates each room from concert-service's ScheduleOpened event, opening at the sale's opening; the
 * driver waits until {@code GET /admin/rooms/{id}} knows it. While the fans run, {@link #watch} samples each room not
 * yet open through that same admin read, to report how many were in its pre-queue when it opened.
 */
final class WaitingRooms {

    /** How long before the users phase the run's dates are created: their rooms appear (an event) meanwhile. */
    static final Duration SETUP_LEAD = Duration.ofSeconds(5);
    /** How long the driver waits for queue-service to know the run's rooms before it lets the fans in anyway. */
    static final Duration ROOM_APPEARANCE = Duration.ofSeconds(30);
    private static final Duration WATCH_EVERY = Duration.ofMillis(500);

    /** One room's counts, updated by many fans at once. */
    static final class Room {
        final String roomId;
        final int order;
        /** The date's concert (null for a room first seen when a fan joined it). */
        final String concertId;
        /** A date this run created (its sale opens during the run; the listing hides it until then). */
        final boolean createdByRun;
        final LongAdder fans = new LongAdder();
        final LongAdder preQueued = new LongAdder();
        final LongAdder admitted = new LongAdder();
        final LongAdder holds = new LongAdder();
        final LongAdder paymentsStarted = new LongAdder();
        final LongAdder booked = new LongAdder();
        /** Fans who picked it by its id because the listing did not show it yet (sale not open). */
        final LongAdder pickedUnlisted = new LongAdder();
        /** Joins answered 404 ROOM_NOT_FOUND (the room not made yet), retried by the fans. */
        final LongAdder roomNotFound = new LongAdder();
        /** Microseconds from a fan's join to its first ACTIVE answer. */
        final Metrics.Latencies waits = new Metrics.Latencies();
        /** The room's opening, as queue-service has it (else as the run asked for it); null if unknown. */
        volatile Instant opensAt;
        volatile String opening = "as set before the run (the sale's opening)";
        volatile String opensAtFansSaw;
        /** queue-service's pre-queue length last sampled before the room opened; -1 if never sampled closed. */
        volatile long preQueueAtOpening = -1;
        /** When the watcher first saw the room open; null if it was open at the first look or never seen open. */
        volatile Instant openedSeenAt;
        volatile boolean openAtFirstLook;
        volatile boolean seenOpen;

        Room(String roomId, int order, String concertId, boolean createdByRun) {
            this.roomId = roomId;
            this.order = order;
            this.concertId = concertId;
            this.createdByRun = createdByRun;
        }

        /** The opening a fan in PRE_QUEUE was told, kept once. */
        void opensAtSeen(String opensAt) {
            if (opensAt != null && !opensAt.isBlank() && opensAtFansSaw == null) {
                opensAtFansSaw = opensAt;
            }
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(3)).build();

    private final Map<String, Room> rooms = new ConcurrentHashMap<>();
    private final List<Room> ordered = new CopyOnWriteArrayList<>();
    private final AtomicInteger numbered = new AtomicInteger();
    /** The rooms {@link #prepare} set up, in order: the fans spread over these. */
    private volatile List<Room> planned = List.of();
    /** When the users phase started (the report's t=0 for the openings). */
    volatile Instant usersPhaseStart;
    private volatile boolean watching;

    /** The room of {@code roomId}, made on first use (a fan joining a date no {@link #prepare} set up). */
    Room room(String roomId) {
        return rooms.computeIfAbsent(roomId, id -> {
            Room room = new Room(id, numbered.getAndIncrement(), null, false);
            ordered.add(room);
            return room;
        });
    }

    private Room register(Fan.Schedule date, boolean createdByRun) {
        return rooms.computeIfAbsent(date.scheduleId(), id -> {
            Room room = new Room(id, numbered.getAndIncrement(), date.concertId(), createdByRun);
            ordered.add(room);
            return room;
        });
    }

    List<Room> all() {
        return List.copyOf(ordered);
    }

    List<Room> planned() {
        return planned;
    }

    /** Rooms that at least one fan joined. */
    long joined() {
        return ordered.stream().filter(r -> r.fans.sum() > 0).count();
    }

    /** Distinct openings (whole seconds) among the rooms at least one fan joined. */
    long distinctOpeningsJoined() {
        return ordered.stream().filter(r -> r.fans.sum() > 0).map(r -> r.opensAt).filter(Objects::nonNull)
                .map(o -> o.truncatedTo(ChronoUnit.SECONDS)).distinct().count();
    }

    /**
     * Sets up {@code settings.schedules()} rooms and returns when the users phase should start (the fans' t=0).
     * {@code demo}: bookable demo dates as the catalog lists them (at least one). Gap zero: the first
     * {@code schedules} of them, openings as they are. Otherwise room 1 is {@code demo[0]} and rooms 2.. are dates
     * created now on a concert of the run's own, the sale of room k opening at t0 + (k-1) x gap, t0 = now +
     * {@link #SETUP_LEAD}; a date that cannot be created is replaced by the next demo date (logged). Waits (at most
     * {@link #ROOM_APPEARANCE}) until queue-service knows the created rooms.
     */
    Instant prepare(List<Fan.Schedule> demo, RunSettings settings, Consumer<String> log) {
        Duration gap = settings.roomOpeningGap();
        int wanted = settings.schedules();
        List<Room> set = new ArrayList<>();
        if (gap.isZero()) {
            for (Fan.Schedule date : demo.subList(0, Math.min(wanted, demo.size()))) {
                Room room = register(date, false);
                room.opening = describe(settings, room, "a demo date, on sale before the run (openings kept:"
                        + " ROOM_OPENING_GAP_SECONDS=0)");
                set.add(room);
            }
            planned = List.copyOf(set);
            return Instant.now();
        }
        Instant t0 = Instant.now().plus(SETUP_LEAD).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Room first = register(demo.getFirst(), false);
        first.opening = describe(settings, first, "a demo date, on sale before the run");
        set.add(first);
        log.accept("room 1 " + first.roomId + ": " + first.opening);

        String concertId = null;
        String concertFailure = null;
        try {
            concertId = createConcert(settings);
            log.accept("created concert " + concertId + " for the run's own dates (concert-service admin API)");
        } catch (IllegalStateException e) {
            concertFailure = e.getMessage();
        }
        int nextDemo = 1;
        List<Room> created = new ArrayList<>();
        for (int k = 2; k <= wanted; k++) {
            Instant opensAt = t0.plus(gap.multipliedBy(k - 1));
            String failure = concertFailure;
            if (concertId != null) {
                try {
                    String scheduleId = createSchedule(settings, concertId, t0.plus(Duration.ofDays(20))
                            .plus(Duration.ofHours(k)), opensAt);
                    Room room = register(new Fan.Schedule(scheduleId, concertId, -1), true);
                    room.opensAt = opensAt;
                    room.opening = "a date the run created (concert " + concertId + "), its sale opening "
                            + gap.multipliedBy(k - 1).toSeconds() + " s into the users phase, at " + opensAt;
                    set.add(room);
                    created.add(room);
                    log.accept("room " + k + " " + scheduleId + ": " + room.opening);
                    continue;
                } catch (IllegalStateException e) {
                    failure = e.getMessage();
                }
            }
            if (nextDemo < demo.size()) {
                Room room = register(demo.get(nextDemo++), false);
                room.opening = describe(settings, room, "a demo date instead of a date of the run's own (" + failure
                        + ")");
                set.add(room);
                log.accept("room " + k + " " + room.roomId + ": " + room.opening);
            } else {
                log.accept("room " + k + ": none (" + failure + "; no demo date left)");
            }
        }
        planned = List.copyOf(set);
        awaitRooms(created, settings, log);
        return t0;
    }

    /** Until {@code GET /admin/rooms/{id}} answers 200 for every room in {@code created}, at most ROOM_APPEARANCE. */
    private void awaitRooms(List<Room> created, RunSettings settings, Consumer<String> log) {
        long started = System.nanoTime();
        long until = started + ROOM_APPEARANCE.toNanos();
        List<Room> missing = new ArrayList<>(created);
        while (!missing.isEmpty() && System.nanoTime() < until) {
            missing.removeIf(room -> view(settings, room.roomId).map(v -> {
                room.opensAt = instant(v.path("opensAt").asString(null), room.opensAt);
                return true;
            }).orElse(false));
            if (!missing.isEmpty()) {
                sleep(Duration.ofMillis(250));
            }
        }
        long took = (System.nanoTime() - started) / 1_000_000;
        if (missing.isEmpty()) {
            if (!created.isEmpty()) {
                log.accept(String.format("queue-service knows the %d rooms of the run's dates after %d ms",
                        created.size(), took));
            }
        } else {
            for (Room room : missing) {
                room.opening += "; its room was not in queue-service after " + ROOM_APPEARANCE.toSeconds()
                        + " s (the fans retry 404 ROOM_NOT_FOUND)";
            }
            log.accept("queue-service did not know " + missing.size() + " of the run's rooms after "
                    + ROOM_APPEARANCE.toSeconds() + " s: the fans start anyway and retry 404 ROOM_NOT_FOUND");
        }
    }

    /**
     * Samples every planned room not seen open yet ({@code GET /admin/rooms/{id}}, every 0.5 s, on a daemon thread)
     * until each has opened or {@link #stopWatching}: the pre-queue length last seen before the opening.
     */
    void watch(RunSettings settings) {
        watching = true;
        Thread.ofPlatform().daemon().name("rooms").start(() -> {
            while (watching) {
                boolean allOpen = true;
                for (Room room : planned) {
                    if (room.seenOpen) {
                        continue;
                    }
                    Optional<JsonNode> view = view(settings, room.roomId);
                    if (view.isEmpty()) {
                        allOpen = false;
                        continue;
                    }
                    JsonNode v = view.get();
                    room.opensAt = instant(v.path("opensAt").asString(null), room.opensAt);
                    if (v.path("opened").asBoolean()) {
                        room.seenOpen = true;
                        if (room.preQueueAtOpening < 0) {
                            room.openAtFirstLook = true;
                        } else {
                            room.openedSeenAt = Instant.now();
                        }
                    } else {
                        room.preQueueAtOpening = v.path("preQueue").asLong(0);
                        allOpen = false;
                    }
                }
                if (allOpen) {
                    return;
                }
                sleep(WATCH_EVERY);
            }
        });
    }

    void stopWatching() {
        watching = false;
    }

    // ---- the admin APIs -------------------------------------------------------------------------------------

    private static String createConcert(RunSettings settings) {
        JsonNode created = post(settings.concertServices(), settings.adminKey(), "/admin/v1/concerts",
                Map.of("title", "Load run " + settings.stack() + " " + Instant.now().truncatedTo(ChronoUnit.SECONDS),
                        "venue", "Load Test Hall"), "creating the run's concert");
        return created.path("concertId").asString();
    }

    private static String createSchedule(RunSettings settings, String concertId, Instant startsAt, Instant opensAt) {
        JsonNode created = post(settings.concertServices(), settings.adminKey(),
                "/admin/v1/concerts/" + concertId + "/schedules",
                Map.of("startsAt", startsAt.toString(), "saleOpensAt", opensAt.toString()),
                "creating a date opening at " + opensAt);
        return created.path("scheduleId").asString();
    }

    /** The answer of the first instance that answers 201; IllegalStateException saying why there was none. */
    private static JsonNode post(List<String> bases, String adminKey, String path, Object body, String what) {
        String json = GatewayClient.JSON.writeValueAsString(body);
        String last = "no instance known";
        for (String base : bases) {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(10)).header("X-Admin-Key", adminKey)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 201) {
                    return GatewayClient.JSON.readTree(answer.body());
                }
                throw new IllegalStateException(what + ": " + base + path + " answered " + answer.statusCode() + " "
                        + code(answer.body()));
            } catch (IOException e) {
                last = base + " did not answer (" + e.getMessage() + ")"; // the next instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(what + ": interrupted");
            }
        }
        throw new IllegalStateException(what + ": " + last);
    }

    /** queue-service's view of a room ({@code GET /admin/rooms/{id}}), from the first instance that has it. */
    private static Optional<JsonNode> view(RunSettings settings, String roomId) {
        for (String base : settings.queueServices()) {
            try {
                HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/admin/rooms/"
                                + roomId)).timeout(Duration.ofSeconds(5)).header("X-Admin-Key", settings.adminKey())
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return Optional.of(GatewayClient.JSON.readTree(answer.body()));
                }
            } catch (IOException | RuntimeException e) {
                // the next instance
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    /** {@code what}, with the room's opening as queue-service has it (kept in the room) when it tells. */
    private static String describe(RunSettings settings, Room room, String what) {
        Optional<JsonNode> view = view(settings, room.roomId);
        if (view.isEmpty()) {
            return what + " (GET /admin/rooms/" + room.roomId + " did not answer 200)";
        }
        room.opensAt = instant(view.get().path("opensAt").asString(null), room.opensAt);
        return what + ": opens at " + (room.opensAt == null ? "?" : room.opensAt)
                + (view.get().path("opened").asBoolean() ? ", opened" : ", not open yet");
    }

    private static Instant instant(String text, Instant fallback) {
        try {
            return text == null || text.isBlank() ? fallback : Instant.parse(text);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    private static String code(String body) {
        try {
            return body == null || body.isBlank() ? "-" : GatewayClient.JSON.readTree(body).path("code").asString("-");
        } catch (RuntimeException e) {
            return "-";
        }
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
