package dev.concert.platform.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The W3C traceparent of the record being handled when its trace is not sampled. Such a record is handled without a
 * listener observation (a span nobody records, and a timer per record: 10 % of a consumer's CPU under load,
 * docs/benchmarks.md), so there is no current span; the events its handler writes to the outbox carry this
 * traceparent on instead, and the trace stays one unsampled trace downstream rather than starting new ones.
 */
final class InboundTraceParent {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private InboundTraceParent() {
    }

    /** The record's traceparent header, or null. */
    static String of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(OutboxRelay.TRACE_PARENT_HEADER);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.US_ASCII);
    }

    /**
     * Whether a traceparent says "not sampled" ({@code 00-<trace>-<span>-<flags>}, bit 0 of the flags clear). A
     * missing or unreadable one is not: the observation then decides, as for any new trace.
     */
    static boolean unsampled(String traceParent) {
        if (traceParent == null || traceParent.length() != 55 || traceParent.charAt(52) != '-') {
            return false;
        }
        int flags = Character.digit(traceParent.charAt(54), 16);
        return flags >= 0 && Character.digit(traceParent.charAt(53), 16) >= 0 && (flags & 1) == 0;
    }

    /** Runs {@code work} with {@code traceParent} as the one to pass on. */
    static void during(String traceParent, Runnable work) {
        String outer = CURRENT.get();
        CURRENT.set(traceParent);
        try {
            work.run();
        } finally {
            if (outer == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(outer);
            }
        }
    }

    /** The unsampled traceparent of the record being handled on this thread, or null. */
    static String current() {
        return CURRENT.get();
    }
}
