package dev.concert.identity;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Client addresses for tests: each test its own, so the per-address limits of one never touch another. */
public final class TestAddresses {

    private TestAddresses() {
    }

    public static String fresh() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    public static String freshEmail() {
        return "fan-" + UUID.randomUUID() + "@example.com";
    }
}
