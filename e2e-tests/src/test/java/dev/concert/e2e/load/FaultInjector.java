package dev.concert.e2e.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.concert.e2e.TcpProxy;

/**
 * Carries out the {@link FaultPlan} against the running stack with the project's own scripts, so a restarted
 * instance runs exactly the command the stack started it with. When the users phase ends early, the remaining
 * kills are skipped but every killed instance is restarted: the saga must settle on a whole stack.
 */
final class FaultInjector implements Runnable {

    /** What was done, when (seconds since the first arrival), and how it went. */
    record Event(long atSeconds, String what, String result) {
    }

    private final FaultPlan plan;
    private final RunSettings settings;
    private final long startNanos;
    private final Consumer<String> log;
    private final List<Event> events = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> down = Collections.synchronizedSet(new LinkedHashSet<>());
    private volatile boolean stopping;

    FaultInjector(FaultPlan plan, RunSettings settings, long startNanos, Consumer<String> log) {
        this.plan = plan;
        this.settings = settings;
        this.startNanos = startNanos;
        this.log = log;
    }

    List<Event> events() {
        return List.copyOf(events);
    }

    /** No more kills from now on; pending restarts run at once. */
    void finish() {
        stopping = true;
    }

    @Override
    public void run() {
        Duration previousAt = Duration.ZERO;
        for (FaultPlan.Step step : plan.steps()) {
            // not before its planned time, and at least its planned distance after the previous step has finished:
            // a restart takes up to a minute on a busy machine, and a kill followed at once by the next step (or its
            // own restart) would test nothing
            long due = Math.max(startNanos + step.at().toNanos(),
                    System.nanoTime() + step.at().minus(previousAt).toNanos());
            previousAt = step.end();
            if (!stopping) {
                awaitNanos(due);
            }
            if (stopping && step.action() != FaultPlan.Action.RESTART) {
                continue;
            }
            execute(step);
        }
        // a plan that kills without restarting still leaves a whole stack for the settle phase
        for (String label : List.copyOf(down)) {
            execute(new FaultPlan.Step(Duration.ZERO, FaultPlan.Action.RESTART, label));
        }
    }

    private void execute(FaultPlan.Step step) {
        long at = elapsedSeconds();
        log.accept(String.format("FAULT t=%ds %s", at, step));
        String result;
        try {
            result = switch (step.action()) {
                case KILL -> kill(step.label());
                case RESTART -> restart(step.label());
                case KAFKA_RESTART -> script(List.of("bash", "scripts/kafka.sh", "restart"),
                        Map.of("KAFKA_PORT", String.valueOf(settings.kafkaPort())), Duration.ofSeconds(120));
                case DB_CUT -> databaseCut(step);
                case PAUSE -> pause(step);
            };
        } catch (RuntimeException e) {
            result = "FAILED: " + e.getMessage();
        }
        log.accept(String.format("FAULT t=%ds %s: %s", elapsedSeconds(), step, result));
        events.add(new Event(at, step.toString(), result));
    }

    private String kill(String label) {
        Path pidFile = settings.runDir().resolve(label + ".pid");
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid file " + pidFile);
        }
        ProcessHandle process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .orElseThrow(() -> new IllegalStateException(label + " (pid " + pid + ") is not running"));
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful close of connections or consumers
        down.add(label);
        return "pid " + pid + " killed";
    }

    /** The service's database proxy (scripts/load-fault.sh started it) cuts every connection, then forwards again. */
    private String databaseCut(FaultPlan.Step step) {
        long started = System.nanoTime();
        TcpProxy.control(settings.proxyControlPort(), "cut " + step.label());
        try {
            awaitNanos(started + step.length().toNanos()); // over early when the fans are done
        } finally {
            TcpProxy.control(settings.proxyControlPort(), "restore " + step.label());
        }
        return String.format("cut, restored after %.1f s", (System.nanoTime() - started) / 1e9);
    }

    /** SIGSTOP, then SIGCONT after the step's length: frozen past the consumers' session timeout (10 s). */
    private String pause(FaultPlan.Step step) {
        String label = step.label();
        // stack-up.sh names the first instance <service>, the second <service>-2
        if (label.endsWith("-1") && !Files.exists(settings.runDir().resolve(label + ".pid"))) {
            label = label.substring(0, label.length() - 2);
        }
        long pid = pidOf(label);
        long started = System.nanoTime();
        signal("STOP", pid);
        try {
            awaitNanos(started + step.length().toNanos());
        } finally {
            signal("CONT", pid);
        }
        return String.format("pid %d stopped, continued after %.1f s", pid, (System.nanoTime() - started) / 1e9);
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private long pidOf(String label) {
        Path pidFile = settings.runDir().resolve(label + ".pid");
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException | NumberFormatException e) {
            throw new IllegalStateException("no pid file " + pidFile);
        }
    }

    private String restart(String label) {
        String result = script(List.of("bash", "scripts/stack-up.sh", "--restart", label),
                Map.of("STACK", settings.stack()), Duration.ofSeconds(240));
        down.remove(label);
        return result;
    }

    /** Runs a project script; its output goes to .local/logs/<stack>/faults.log. */
    private String script(List<String> command, Map<String, String> env, Duration timeout) {
        long started = System.nanoTime();
        try {
            Path logFile = settings.root().resolve(".local/logs/" + settings.stack() + "/faults.log");
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command).directory(settings.root().toFile())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            // an inherited KAFKA_BOOTSTRAP_SERVERS would make kafka.sh treat the broker as external and do nothing
            builder.environment().remove("KAFKA_BOOTSTRAP_SERVERS");
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " timed out after " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " exited " + process.exitValue() + " (see " + logFile + ")");
            }
            return String.format("done in %.1f s", (System.nanoTime() - started) / 1e9);
        } catch (IOException e) {
            throw new IllegalStateException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private void awaitNanos(long due) {
        while (!stopping && System.nanoTime() < due) {
            try {
                Thread.sleep(Math.min(500, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private long elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1_000_000_000L;
    }
}
