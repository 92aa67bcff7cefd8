package dev.concert.platform.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to Kafka, oldest first.
 * <p>
 * Every instance of a service runs a relay. Each batch starts by taking the row lock of {@code outbox_relay_lease}
 * with {@code SKIP LOCKED}: exactly one relay per database publishes at a time, which keeps events in commit order
 * per key, and the others return at once instead of waiting. A row is marked published in the same transaction
 * after the broker acknowledged it; a crash between the two republishes the row, which idempotent consumers absorb
 * (at-least-once, never lost).
 * <p>
 * A commit wakes its own instance's relay, so the poll interval is only a safety net (rows of an instance that died
 * between its commit and its publish, a broker that was away). A relay woken while another instance's relay holds
 * the lease tries again {@link #LEASE_RETRY} later rather than a whole interval later: the holder may have read its
 * batch just before our commit.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    /** How soon a relay that found the lease taken tries again (a batch holds it for a few milliseconds). */
    static final Duration LEASE_RETRY = Duration.ofMillis(20);

    /** W3C trace context header: the consumer's listener observation continues the trace from it. */
    public static final String TRACE_PARENT_HEADER = "traceparent";

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KafkaTemplate<String, String> kafka;
    private final int batchSize;
    private final Duration pollInterval;
    private final Duration sendTimeout;
    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;

    public OutboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<String, String> kafka, int batchSize,
                       Duration pollInterval, Duration sendTimeout) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.kafka = kafka;
        this.batchSize = batchSize;
        this.pollInterval = pollInterval;
        this.sendTimeout = sendTimeout;
    }

    void wakeUp() {
        if (wakeUps.availablePermits() == 0) {
            wakeUps.release();
        }
    }

    /** Publishes until nothing is pending (or another relay holds the lease). Returns the rows published. */
    public int publishPending() {
        return drain().published();
    }

    /** One pass: batches until nothing is pending, or until another relay is found holding the lease. */
    Drain drain() {
        int total = 0;
        int published;
        do {
            published = publishBatch();
            if (published == LEASE_MISSED) {
                return new Drain(total, true);
            }
            total += published;
        } while (published == batchSize);
        return new Drain(total, false);
    }

    record Drain(int published, boolean leaseMissed) {
    }

    private static final int LEASE_MISSED = -1;

    /** The rows published, or {@link #LEASE_MISSED}. */
    int publishBatch() {
        Integer published = tx.execute(status -> {
            boolean leaseTaken = !jdbc.sql("SELECT name FROM outbox_relay_lease WHERE name = 'relay' FOR UPDATE SKIP LOCKED")
                    .query(String.class).list().isEmpty();
            if (!leaseTaken) {
                return LEASE_MISSED;
            }
            List<PendingRow> rows = jdbc.sql("""
                            SELECT id, topic, event_key, envelope_json, trace_parent FROM outbox_event
                            WHERE published_at IS NULL ORDER BY id LIMIT :limit""")
                    .param("limit", batchSize)
                    .query((rs, n) -> new PendingRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5)))
                    .list();
            if (rows.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<SendResult<String, String>>> sends = new ArrayList<>(rows.size());
            for (PendingRow row : rows) {
                ProducerRecord<String, String> record = new ProducerRecord<>(row.topic(), row.key(), row.json());
                if (row.traceParent() != null) {
                    record.headers().add(TRACE_PARENT_HEADER, row.traceParent().getBytes(StandardCharsets.US_ASCII));
                }
                sends.add(kafka.send(record));
            }
            kafka.flush();
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                        .get(sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // roll back: the rows stay pending and the next pass sends them again
                throw new OutboxPublishException("broker did not acknowledge " + rows.size() + " outbox events", e);
            }
            jdbc.sql("UPDATE outbox_event SET published_at = CURRENT_TIMESTAMP(6) WHERE id IN (:ids)")
                    .param("ids", rows.stream().map(PendingRow::id).toList())
                    .update();
            return rows.size();
        });
        return published == null ? 0 : published;
    }

    /**
     * Published outbox rows are kept a while for diagnosis, processed-event markers long enough to absorb any
     * redelivery (a relay resend, a consumer rewound by hours); older rows are deleted in bounded batches.
     */
    public int deleteHousekeeping(Duration outboxRetention, Duration processedRetention) {
        java.time.Instant now = java.time.Instant.now();
        // in a transaction of its own: a service may keep its connections out of auto-commit
        Integer deleted = tx.execute(status -> jdbc.sql("DELETE FROM outbox_event WHERE published_at < :cutoff LIMIT 10000")
                .param("cutoff", java.sql.Timestamp.from(now.minus(outboxRetention)))
                .update());
        deleted += tx.execute(status -> jdbc.sql("DELETE FROM processed_event WHERE processed_at < :cutoff LIMIT 10000")
                .param("cutoff", java.sql.Timestamp.from(now.minus(processedRetention)))
                .update());
        return deleted;
    }

    private void loop() {
        long lastFailureLog = 0;
        long nextHousekeeping = System.currentTimeMillis() + 60_000;
        while (running) {
            Duration sleep = pollInterval;
            try {
                if (drain().leaseMissed()) {
                    sleep = LEASE_RETRY.compareTo(pollInterval) < 0 ? LEASE_RETRY : pollInterval;
                }
                if (System.currentTimeMillis() > nextHousekeeping) {
                    nextHousekeeping = System.currentTimeMillis() + 600_000;
                    deleteHousekeeping(Duration.ofDays(1), Duration.ofDays(7));
                }
            } catch (RuntimeException e) {
                long now = System.currentTimeMillis();
                if (now - lastFailureLog > 10_000) {
                    log.warn("outbox relay could not publish (will retry): {}", rootMessage(e));
                    lastFailureLog = now;
                }
            }
            try {
                wakeUps.tryAcquire(sleep.toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return e.getMessage() + " (" + t.getClass().getSimpleName() + ": " + t.getMessage() + ")";
    }

    @Override
    public void start() {
        running = true;
        worker = Thread.ofPlatform().daemon().name("outbox-relay").start(this::loop);
    }

    @Override
    public void stop() {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private record PendingRow(long id, String topic, String key, String json, String traceParent) {
    }

    public static class OutboxPublishException extends RuntimeException {
        OutboxPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
