package dev.concert.queue.status;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.platform.web.ApiProblem;
import dev.concert.queue.Caller;
import dev.concert.queue.QueueSettings.StreamSettings;
import dev.concert.queue.QueueSettings;
import dev.concert.queue.redis.QueueStoreUnavailable;
import dev.concert.queuestatus.QueueStatus;
import dev.concert.queuestatus.StatusResponse;
import dev.concert.queuestatus.TokenState;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent status: the same answer as the poll, pushed when it changes (and as a heartbeat), read at the pace
 * the poll hint sets. One virtual thread per stream, sleeping between reads. The stream ends when the token is
 * EXPIRED, after a maximum duration (EventSource reconnects by itself), or when the client goes away.
 * <p>
 * A lifecycle bean that stops before the web server's graceful shutdown: open streams are ended first (clients
 * reconnect elsewhere), so they do not hold the shutdown for its whole timeout.
 */
@Component
public class StatusStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

    private final StatusReader reader;
    private final StreamSettings settings;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Thread> pushers = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;
    private volatile boolean running;

    public StatusStream(StatusReader reader, QueueSettings settings) {
        this.reader = reader;
        this.settings = settings.stream();
    }

    public SseEmitter open(Caller caller) {
        // the first read happens here, so that a Redis outage is a plain 503 rather than a broken stream
        QueueStatus first = reader.statusOf(caller);
        if (stopping) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "SHUTTING_DOWN",
                    "this instance is shutting down; reconnect or poll GET /api/v1/queue/status");
        }
        if (open.incrementAndGet() > settings.maxStreams()) {
            open.decrementAndGet();
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "TOO_MANY_STREAMS",
                    "too many status streams on this instance; poll GET /api/v1/queue/status instead");
        }
        SseEmitter emitter = new SseEmitter(settings.maxDuration().plusSeconds(30).toMillis());
        Thread pusher = Thread.ofVirtual().name("queue-status-stream").unstarted(() -> push(caller, first, emitter));
        pushers.add(pusher);
        pusher.start();
        return emitter;
    }

    private void push(Caller caller, QueueStatus first, SseEmitter emitter) {
        long deadline = System.nanoTime() + settings.maxDuration().toNanos();
        long heartbeat = settings.heartbeat().toNanos();
        try {
            QueueStatus current = first;
            QueueStatus sent = null;
            long lastSend = 0;
            while (!stopping) {
                if (!Objects.equals(current, sent)) {
                    emitter.send(SseEmitter.event().name("status").data(StatusResponse.of(current),
                            MediaType.APPLICATION_JSON).reconnectTime(current.pollAfterSeconds() * 1000L));
                    sent = current;
                    lastSend = System.nanoTime();
                } else if (System.nanoTime() - lastSend >= heartbeat) {
                    emitter.send(SseEmitter.event().comment("still here"));
                    lastSend = System.nanoTime();
                }
                if (current.status() == TokenState.EXPIRED || System.nanoTime() >= deadline) {
                    break;
                }
                Thread.sleep(Duration.ofSeconds(Math.max(1, current.pollAfterSeconds())));
                current = reader.statusOf(caller);
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            // the client went away: nothing to tell anyone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                log.warn("status stream failed", e);
            }
            sendUnavailable(emitter);
        } finally {
            open.decrementAndGet();
            pushers.remove(Thread.currentThread());
        }
    }

    private static void sendUnavailable(SseEmitter emitter) {
        try {
            emitter.send(SseEmitter.event().name("error").data("""
                    {"status":503,"code":"QUEUE_STORE_UNAVAILABLE","detail":"the queue store is unavailable; \
                    reconnect shortly"}""", MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException ignored) {
            // client gone as well
        }
    }

    @Override
    public void start() {
        stopping = false;
        running = true;
    }

    @Override
    public void stop() {
        stopping = true;
        running = false;
        pushers.forEach(Thread::interrupt);
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
