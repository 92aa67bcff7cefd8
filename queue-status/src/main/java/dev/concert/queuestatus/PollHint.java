package dev.concert.queuestatus;


/**
 * The pollAfterSeconds rule: poll often near the head, rarely far back, so that polling load stays proportional to
 * how soon something changes for the client. About ten polls per remaining wait, floored by the distance tiers.
 */
public final class PollHint {

    private PollHint() {
    }

    public static int seconds(TokenState state, long position, long etaSeconds, StatusRules.Polling rules) {
        return switch (state) {
            case ACTIVE -> rules.activeSeconds();
            case EXPIRED -> rules.expiredSeconds();
            case WAITING -> waiting(position, etaSeconds, rules);
            // nothing changes before the opening, and the order at the opening does not depend on polling
            case PRE_QUEUE -> (int) Math.min(rules.maximum(), Math.max(rules.minimum(), etaSeconds + 1));
        };
    }

    private static int waiting(long position, long etaSeconds, StatusRules.Polling rules) {
        if (position <= rules.nearHead()) {
            return rules.minimum();
        }
        long byEta = (long) Math.ceil(etaSeconds / 10.0);
        long floor = position > rules.farBack() ? rules.farBackSeconds() : rules.minimum() + 1;
        return (int) Math.min(rules.maximum(), Math.max(floor, byEta));
    }
}
