package dev.concert.e2e.load;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Where a fan is right now; {@link Crowd} counts fans per stage for the progress line. */
enum Stage {
    NOT_ARRIVED, WAITING, ACTIVE, DONE;

    /** Live counts per stage, moved by the fans themselves. */
    static final class Crowd {
        private final Map<Stage, AtomicInteger> counts = new EnumMap<>(Stage.class);

        Crowd(int fans) {
            for (Stage s : values()) {
                counts.put(s, new AtomicInteger());
            }
            counts.get(NOT_ARRIVED).set(fans);
        }

        void move(Stage from, Stage to) {
            counts.get(from).decrementAndGet();
            counts.get(to).incrementAndGet();
        }

        int count(Stage stage) {
            return counts.get(stage).get();
        }
    }
}
