package dev.concert.queuestatus;

import java.time.Duration;

/**
 * The ETA rule. The rate is the measured one (admissions over the last window, every instance together); before
 * anything was measured it is the configured admission rate while places are free, and, with the ACTIVE set full,
 * the slowest turnover the idle timeout allows (every place frees within one idle timeout).
 */
public final class WaitEstimate {

    private WaitEstimate() {
    }

    public static double admissionsPerSecond(long admittedInWindow, Duration window, long activeCount, int capacity,
                                             double configuredPerSecond, Duration idleTimeout) {
        if (admittedInWindow > 0) {
            return admittedInWindow / (double) Math.max(1, window.toSeconds());
        }
        if (activeCount < capacity) {
            return configuredPerSecond;
        }
        return capacity / (double) Math.max(1, idleTimeout.toSeconds());
    }

    /** Seconds until a user at {@code position} (1 = head) is admitted at {@code perSecond}; never below 1. */
    public static long seconds(long position, double perSecond) {
        if (position <= 0) {
            return 0;
        }
        if (perSecond <= 0) {
            return Long.MAX_VALUE / 2;
        }
        return Math.max(1, (long) Math.ceil(position / perSecond));
    }
}
