package dev.concert.platform.domain;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an aggregate and the only moves between them, written once as {@link #next()}. Everything else is
 * derived: whether a move is legal, which states a move may start from (the conditional statements of hot paths
 * are built from {@link #allowedFrom()}), and the refusal of an illegal move.
 */
public interface Lifecycle<S extends Enum<S> & Lifecycle<S>> {

    /** The states this one may move to. */
    Set<S> next();

    default boolean canBecome(S target) {
        return next().contains(target);
    }

    /** The states a thing may be in to move to this one. */
    default Set<S> allowedFrom() {
        @SuppressWarnings("unchecked")
        S self = (S) this;
        Set<S> from = EnumSet.noneOf(self.getDeclaringClass());
        for (S s : self.getDeclaringClass().getEnumConstants()) {
            if (s.canBecome(self)) {
                from.add(s);
            }
        }
        return from;
    }

    /** {@code target} if this state may move there; throws otherwise. */
    default S transitionTo(S target) {
        if (!canBecome(target)) {
            throw new IllegalStateException("cannot go from " + this + " to " + target);
        }
        return target;
    }
}
