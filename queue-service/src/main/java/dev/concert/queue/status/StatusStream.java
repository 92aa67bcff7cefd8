package dev.concert.queue.status;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
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
 * One live stream per queue token: a second one replaces the first (the first gets a {@code replaced} event and
 * ends: at once on this instance, at its next read on another), so that one client cannot take every stream an
 * instance may hold from everyone else; the cap per instance stays as well.
 * <p>
 * A lifecycle bean that stops before the web server's graceful shutdown: open streams are ended first (clients
 * reconnect elsewhere), so they do not hold the shutdown for its whole timeout.
 */
@Component
public class StatusStream implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StatusStream.class);

    private final StatusReader reader;
    private final StreamClaims claims;
    private final StreamSettings settings;
    private final AtomicInteger open = new AtomicInteger();
    private final Set<Thread> pushers = ConcurrentHashMap.newKeySet();
    /** The live stream of each token on this instance. */
    private final ConcurrentHashMap<UUID, Pusher> live = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private volatile boolean running;

    private record Pusher(UUID streamId, Thread thread) {
    }

    public StatusStream(StatusReader reader, StreamClaims claims, QueueSettings settings) {
        this.reader = reader;
        this.claims = claims;
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
        UUID streamId = UUID.randomUUID();
        Thread thread = Thread.ofVirtual().name("queue-status-stream")
                .unstarted(() -> push(caller, streamId, first, emitter));
        pushers.add(thread);
        claims.claim(caller.tokenId(), streamId);
        Pusher replaced = live.put(caller.tokenId(), new Pusher(streamId, thread));
        if (replaced != null) {
            replaced.thread().interrupt();
        }
        thread.start();
        return emitter;
    }

    private void push(Caller caller, UUID streamId, QueueStatus first, SseEmitter emitter) {
        long deadline = System.nanoTime() + settings.maxDuration().toNanos();
        long heartbeat = settings.heartbeat().toNanos();
        try {
            QueueStatus current = first;
            QueueStatus sent = null;
            long lastSend = 0;
            while (!stopping) {
                if (!isLive(caller.tokenId(), streamId) || !claims.holds(caller.tokenId(), streamId)) {
                    sendReplaced(emitter);
                    return;
                }
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
            if (!stopping && !isLive(caller.tokenId(), streamId)) {
                sendReplaced(emitter);
            } else {
                emitter.complete();
            }
        } catch (RuntimeException e) {
            if (!QueueStoreUnavailable.isOutage(e)) {
                log.warn("status stream failed", e);
            }
            sendUnavailable(emitter);
        } finally {
            open.decrementAndGet();
            pushers.remove(Thread.currentThread());
            if (live.remove(caller.tokenId(), new Pusher(streamId, Thread.currentThread()))) {
                releaseClaim(caller.tokenId(), streamId);
            }
        }
    }

    private boolean isLive(UUID tokenId, UUID streamId) {
        Pusher current = live.get(tokenId);
        return current != null && current.streamId().equals(streamId);
    }

    private void releaseClaim(UUID tokenId, UUID streamId) {
        try {
            claims.release(tokenId, streamId);
        } catch (RuntimeException e) {
            // the claim lapses by itself
        }
    }

    private static void sendReplaced(SseEmitter emitter) {
        try {
            emitter.send(SseEmitter.event().name("replaced").data("""
                    {"code":"STREAM_REPLACED","detail":"another status stream of this queue token was opened; \
                    this one ends"}""", MediaType.APPLICATION_JSON));
            emitter.complete();
        } catch (IOException | IllegalStateException ignored) {
            // client gone as well
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
