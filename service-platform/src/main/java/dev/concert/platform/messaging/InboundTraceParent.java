package dev.concert.platform.messaging;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;

/**
 * The W3C traceparent of the record being handled when its trace is not sampled. Such a record is handled without a
 * listener observation (a span nobody records, and a timer per record: 10 % of a consumer's CPU under load,
 * docs/benchmarks.md), so there is no current span; the events its handler writes to the outbox carry this
 * traceparent on instead, and the handler's log lines carry its trace and span ids as a span's would
 * ({@code traceId}, {@code spanId} in the logging context), so a saga's steps still share one trace id in every log.
 */
final class InboundTraceParent {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();
    private static final String TRACE_ID = "traceId";
    private static final String SPAN_ID = "spanId";

    private InboundTraceParent() {
    }

    /** The record's traceparent header when it is a well-formed one, else null. */
    static String of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(OutboxRelay.TRACE_PARENT_HEADER);
        if (header == null || header.value() == null) {
            return null;
        }
        String value = new String(header.value(), StandardCharsets.US_ASCII);
        return wellFormed(value) ? value : null;
    }

    /**
     * Version 00 as W3C Trace Context writes it: {@code 00-<32 hex trace id>-<16 hex span id>-<2 hex flags>}, lower
     * case, neither id all zeros.
     */
    static boolean wellFormed(String traceParent) {
        if (traceParent == null || traceParent.length() != 55 || !traceParent.startsWith("00-")
                || traceParent.charAt(35) != '-' || traceParent.charAt(52) != '-') {
            return false;
        }
        return lowerHex(traceParent, 3, 35) && lowerHex(traceParent, 36, 52) && lowerHex(traceParent, 53, 55)
                && !zeros(traceParent, 3, 35) && !zeros(traceParent, 36, 52);
    }

    /**
     * Whether a well-formed traceparent says "not sampled" (bit 0 of the flags clear). A missing or malformed one is
     * not: the observation then decides, as for any new trace.
     */
    static boolean unsampled(String traceParent) {
        return wellFormed(traceParent) && (Character.digit(traceParent.charAt(54), 16) & 1) == 0;
    }

    /**
     * Runs {@code work} with {@code traceParent} (well-formed, or null for none) as the one to pass on, its ids in
     * the logging context.
     */
    static void during(String traceParent, Runnable work) {
        String outer = CURRENT.get();
        String outerTrace = MDC.get(TRACE_ID);
        String outerSpan = MDC.get(SPAN_ID);
        CURRENT.set(traceParent);
        if (traceParent != null) {
            MDC.put(TRACE_ID, traceParent.substring(3, 35));
            MDC.put(SPAN_ID, traceParent.substring(36, 52));
        }
        try {
            work.run();
        } finally {
            restore(TRACE_ID, outerTrace);
            restore(SPAN_ID, outerSpan);
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

    private static void restore(String key, String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    private static boolean lowerHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean zeros(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
