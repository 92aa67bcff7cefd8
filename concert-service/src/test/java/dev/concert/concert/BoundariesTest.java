package dev.concert.concert;

import dev.concert.testing.Boundaries;

import org.junit.jupiter.api.Test;

/** Capabilities meet only through their public doors, each table has one writer, one naming scheme (see Boundaries). */
class BoundariesTest {

    @Test
    void capabilities_reach_each_other_only_through_their_public_types_and_stores_stay_private() {
        Boundaries.verify(ConcertServiceApplication.class);
    }
}
