package dev.concert.e2e.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load and fault run (issue #6): USERS virtual users sign up and sign in first ({@link Accounts}, before the
 * clock starts); the run sets up its waiting rooms ({@link WaitingRooms#prepare}: a demo date on sale already, then
 * dates of its own whose sales open one after another in the users phase); then the fans (one virtual thread each)
 * go through the gateway of an already running stack, spread over the rooms, while {@link FaultInjector} kills
 * instances and restarts the broker; then the saga is given
 * time to settle and docs/design.md §6 is checked on the stack's databases. Started by scripts/load-fault.sh, which
 * starts and stops the stack; exit status 0 only if every check holds.
 */
public final class LoadAndFaultRun {

    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);

    private final RunSettings settings;
    private final FaultPlan plan;
    private final StackDatabases db;
    private final long driverStarted = System.nanoTime();
    /** Made when the measured phase starts, after the sign-ins: its clock is the run's time zero. */
    private Metrics metrics;
    private Stage.Crowd crowd;
    private GatewayClient gateway;

    private LoadAndFaultRun(RunSettings settings, FaultPlan plan) {
        this.settings = settings;
        this.plan = plan;
        this.db = new StackDatabases(settings.stack());
    }

    public static void main(String[] args) {
        RunSettings settings = RunSettings.fromEnvironment();
        FaultPlan plan = FaultPlan.parse(settings.faults());
        int status;
        try {
            status = new LoadAndFaultRun(settings, plan).run();
        } catch (RuntimeException e) {
            e.printStackTrace();
            status = 2;
        }
        System.out.flush();
        System.exit(status);
    }

    private int run() throws RuntimeException {
        log(String.format("%s: %d fans against %s (stack '%s'), users phase ≤ %d s, ramp %d s, settle ≤ %d s, faults: %s",
                Instant.now(), settings.users(), settings.gateway(), settings.stack(),
                settings.usersPhase().toSeconds(),
                settings.ramp().toSeconds(), settings.settle().toSeconds(),
                plan.steps().isEmpty() ? "none" : plan.steps().stream()
                        .map(s -> s.at().toSeconds() + "s " + s).toList()));

        // before the sale: every fan has an account and is signed in, so the sale's clock measures the sale
        log(String.format("signing %d fans up and in through %s (%d at once)", settings.users(), settings.authBase(),
                settings.signInThreads()));
        Accounts.Prepared prepared = Accounts.prepare(settings, this::log);
        log(String.format("sign-up and sign-in done after %d s: %d/%d fans signed in, failures %s",
                prepared.took().toSeconds(), prepared.accounts().size(), settings.users(),
                prepared.failures().isEmpty() ? "none" : prepared.failures()));
        List<Accounts.Account> accounts = prepared.accounts();

        // the waiting rooms, before the clock: room 1 a demo date as a fan lists it (the access token alone), rooms
        // 2.. dates the run creates (concert-service's admin API) whose sales open one after another in the users
        // phase; the users phase starts when queue-service knows their rooms (requests here are not in the metrics)
        WaitingRooms rooms = new WaitingRooms();
        List<Fan.Schedule> demo = accounts.isEmpty() ? null
                : demoDates(new GatewayClient(settings.gateway(), new Metrics()), accounts.getFirst());
        if (demo != null) {
            FrontDoorWarmUp.run(new GatewayClient(settings.gateway(), new Metrics()), accounts, demo.getFirst(),
                    FrontDoorWarmUp.duration(), FrontDoorWarmUp.threads(), this::log);
        }
        Instant phaseStart = Instant.now();
        if (demo == null) {
            log("the catalog did not list the demo dates: no rooms set up, the fans join the dates listed and rooms are"
                    + " counted as they join them");
        } else {
            log(String.format("%d waiting rooms: %s", settings.schedules(), settings.roomOpeningGap().isZero()
                    ? "demo dates on sale already (ROOM_OPENING_GAP_SECONDS=0)"
                    : "a demo date on sale already, then dates of the run's own whose sales open "
                            + settings.roomOpeningGap().toSeconds() + " s apart in the users phase"));
            phaseStart = rooms.prepare(demo, settings, this::log);
        }
        sleepUntil(System.nanoTime() + Duration.between(Instant.now(), phaseStart).toNanos());
        Duration plannedPhase = settings.usersPhaseAfter(Duration.ofNanos(System.nanoTime() - driverStarted));

        metrics = new Metrics();
        crowd = new Stage.Crowd(accounts.size());
        gateway = new GatewayClient(settings.gateway(), metrics);
        rooms.usersPhaseStart = Instant.now();
        rooms.watch(settings);

        // docs/design.md §6.5, once: nothing but token issue answers without a token
        GatewayClient.Reply anonymous = gateway.get(Endpoint.NO_TOKEN_PROBE, "/concerts", null, null);

        ActiveTokensProbe activeTokens = new ActiveTokensProbe(settings.redisDatabase());
        Thread.ofPlatform().daemon().name("active-tokens").start(activeTokens);

        long start = metrics.startNanos();
        long usersDeadline = start + plannedPhase.toNanos();
        FaultInjector faults = new FaultInjector(plan, settings, start, this::log);
        Thread faultThread = Thread.ofPlatform().daemon().name("faults").start(faults);
        ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("progress").factory());
        AtomicLong lastRequests = new AtomicLong();
        progress.scheduleAtFixedRate(() -> progress(start, lastRequests, activeTokens),
                PROGRESS_EVERY.toMillis(), PROGRESS_EVERY.toMillis(), TimeUnit.MILLISECONDS);

        ExecutorService fans = Executors.newVirtualThreadPerTaskExecutor();
        long gapNanos = settings.ramp().toNanos() / Math.max(1, accounts.size());
        for (int i = 0; i < accounts.size(); i++) {
            long due = start + i * gapNanos;
            if (due > usersDeadline) {
                break;
            }
            sleepUntil(due);
            Persona persona = settings.personaFor(ThreadLocalRandom.current().nextInt(100));
            fans.submit(new Fan(accounts.get(i), i, rooms, persona, settings, gateway, db, metrics, crowd,
                    usersDeadline));
        }
        fans.shutdown();
        // fans stop starting steps at the deadline; one that is following a payment may need PAYMENT_FOLLOW more
        long waitNanos = usersDeadline + settings.paymentFollow().toNanos() + 5_000_000_000L - System.nanoTime();
        if (!awaitTermination(fans, waitNanos)) {
            log("users phase over: stopping the fans still running");
            fans.shutdownNow();
            awaitTermination(fans, 10_000_000_000L);
        }
        Duration usersPhase = Duration.ofNanos(System.nanoTime() - start);
        log(String.format("all fans done after %d s", usersPhase.toSeconds()));
        rooms.stopWatching();

        faults.finish();
        try {
            faultThread.join(Duration.ofSeconds(250)); // a pending restart: the saga settles on a whole stack only
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress(start, lastRequests, activeTokens);
        progress.shutdownNow();

        Settling.Result settled = Settling.await(db, settings.settle(), this::log);
        activeTokens.stop();
        ParkedRecords.Result parked = ParkedRecords.read(settings.runDir());
        Report.LongestPending longestPending = Report.longestPending(db);

        Report report = new Report(System.out);
        report.accounts(prepared);
        report.traffic(settings, metrics, crowd, usersPhase);
        report.rooms(rooms);
        report.databases(db);
        report.faults(faults.events());
        report.settling(settled);
        report.parkedAndPending(parked, longestPending);
        List<Report.Check> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> invariant : db.invariants().entrySet()) {
            checks.add(Report.Check.of(invariant.getKey(), invariant.getValue()));
        }
        checks.add(Report.Check.of("ACTIVE tokens never exceeded the capacity (" + settings.activeCapacity()
                + "; max sampled every 200 ms: " + activeTokens.max() + ")",
                activeTokens.max() <= settings.activeCapacity() ? List.of()
                        : List.of(activeTokens.max() + " ACTIVE > capacity " + settings.activeCapacity())));
        checks.add(Report.Check.of("the fans went into at least two waiting rooms (" + rooms.joined() + ")",
                rooms.joined() >= 2 ? List.of() : List.of("fans joined " + rooms.joined() + " room(s)")));
        if (!settings.roomOpeningGap().isZero()) {
            checks.add(Report.Check.of("at least two of the rooms the fans joined open at different times ("
                    + rooms.distinctOpeningsJoined() + " openings)", rooms.distinctOpeningsJoined() >= 2 ? List.of()
                    : List.of("the rooms joined have " + rooms.distinctOpeningsJoined() + " distinct opening(s)")));
        }
        checks.add(Report.Check.of("no access token, no access (GET /concerts without one: " + anonymous + ")",
                anonymous.is(401) ? List.of() : List.of("answered " + anonymous)));
        checks.add(Report.Check.of("every fan signed up and signed in before the sale (" + prepared.accounts().size()
                + "/" + prepared.wanted() + ")", prepared.missing() == 0 ? List.of()
                : List.of(prepared.missing() + " fans without tokens: " + prepared.failures())));
        checks.add(Report.Check.of("the saga settled within SETTLE_SECONDS", settled.settled() ? List.of()
                : List.of(settled.last().toString())));
        // faults that only take a dependency away must park nothing: consumers wait them out in place
        List<String> parkedViolations = new ArrayList<>();
        parked.perInstance().forEach((instance, count) -> {
            if (count != 0) {
                parkedViolations.add(instance + (count < 0 ? ": GET /actuator/parked did not answer" : " parked " + count));
            }
        });
        checks.add(Report.Check.of("no record parked in any service instance (GET /actuator/parked on "
                + parked.perInstance().size() + " instances: " + parked.total() + ")", parkedViolations));
        long pendingLimit = settings.reconciliationDeadline().toSeconds() + 60;
        checks.add(Report.Check.warning("no payment stayed PENDING longer than the reconciliation deadline + 60 s ("
                + pendingLimit + " s; longest " + longestPending + ")", longestPending.seconds() <= pendingLimit
                ? List.of() : List.of(longestPending.toString())));
        long bookings = Report.bookings(db);
        // a run where every request failed would pass the invariants trivially
        checks.add(Report.Check.of("the run exercised the saga (bookings: " + bookings + ")",
                bookings > 0 ? List.of() : List.of("no payment COMPLETED")));
        // not a §6 invariant (a display count), but a drift here is a lost or doubled event application
        checks.add(Report.Check.warning("concert-service's seats-left projection equals the inventory",
                Settling.projectionGapsAfter(db, Duration.ofSeconds(15))));
        return report.verdict(checks) ? 0 : 1;
    }

    /**
     * The first SCHEDULES bookable demo dates through the gateway, as the first fan lists them (before the run creates
     * dates of its own); null if the catalog did not answer.
     */
    private List<Fan.Schedule> demoDates(GatewayClient setup, Accounts.Account account) {
        for (int attempt = 1; attempt <= 5; attempt++) {
            List<Fan.Schedule> contested = Fan.contested((endpoint, path) -> setup.get(endpoint, path,
                    account.accessToken(), null), settings.schedules());
            if (contested != null && !contested.isEmpty()) {
                return contested;
            }
            sleepUntil(System.nanoTime() + 1_000_000_000L);
        }
        return null;
    }

    private void progress(long start, AtomicLong lastRequests, ActiveTokensProbe activeTokens) {
        long requests = metrics.requests();
        long delta = requests - lastRequests.getAndSet(requests);
        log(String.format("t=%3ds fans done %d/%d (booked %d, no seat %d), active %d, waiting %d | requests %d"
                        + " (%d/s), non-2xx %d, 5xx/no answer %d | holds %d | ACTIVE set %d/%d",
                (System.nanoTime() - start) / 1_000_000_000L, crowd.count(Stage.DONE), accounts(),
                metrics.outcomes(Outcome.BOOKED), metrics.outcomes(Outcome.NO_SEAT), crowd.count(Stage.ACTIVE),
                crowd.count(Stage.WAITING), requests, delta / PROGRESS_EVERY.toSeconds(), metrics.nonSuccess(),
                metrics.unexpected(), metrics.holds.sum(), activeTokens.last(), settings.activeCapacity()));
    }

    private int accounts() {
        return crowd.count(Stage.NOT_ARRIVED) + crowd.count(Stage.WAITING) + crowd.count(Stage.ACTIVE)
                + crowd.count(Stage.DONE);
    }

    private void log(String line) {
        System.out.println("[load] " + line);
        System.out.flush();
    }

    private static boolean awaitTermination(ExecutorService executor, long nanos) {
        try {
            return executor.awaitTermination(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleepUntil(long dueNanos) {
        long left = dueNanos - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
