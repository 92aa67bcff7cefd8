package dev.concert.queue;

import dev.concert.testing.Boundaries;

import org.junit.jupiter.api.Test;

/** Capabilities meet only through their public doors and listeners follow the one naming scheme (see Boundaries). */
class BoundariesTest {

    @Test
    void capabilities_reach_each_other_only_through_their_public_types() {
        Boundaries.verify(QueueServiceApplication.class, Boundaries.Stores.PUBLIC_FOR_MULTI_INSTANCE_TESTS);
    }
}
