package dev.concert.queue.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import dev.concert.queue.QueueSettings;
import dev.concert.queue.admission.AdmissionStore;
import dev.concert.queue.room.Room;
import dev.concert.queue.room.RoomStore;
import dev.concert.queue.token.TokenStore;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * How many rooms and fans one Redis node holds (bench/rooms.sh; docs/capacity.md). Against a scratch Redis database:
 * <ol>
 *   <li>joins into one room's pre-queue from many threads (issue.lua), beside the floor: a one-command script
 *       ({@code EVAL return 1}) from as many threads;</li>
 *   <li>Redis memory per fan in a pre-queue (used_memory before and after);</li>
 *   <li>the opening step for all of them (open_room, one script), beside the floor: one script with as many ZADDs;</li>
 *   <li>an admission round over many small rooms (one script per room), per room.</li>
 * </ol>
 * Not a test: run by bench/rooms.sh with the test classpath.
 */
public final class RoomsBench {

    private static final RedisScript<Long> NOTHING = RedisScript.of("return 1", Long.class);
    private static final RedisScript<Long> ZADDS = RedisScript.of(
            "for i = 1, tonumber(ARGV[1]) do redis.call('ZADD', KEYS[1], i, 'member-' .. i) end return 1",
            Long.class);

    public static void main(String[] args) throws Exception {
        int fans = Integer.getInteger("bench.fans", 100_000);
        int threads = Integer.getInteger("bench.threads", 16);
        int rooms = Integer.getInteger("bench.rooms", 1_000);
        int database = Integer.getInteger("bench.redis-database", 2);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(
                System.getProperty("bench.redis-host", "127.0.0.1"), Integer.getInteger("bench.redis-port", 6379));
        server.setDatabase(database);
        LettuceConnectionFactory connections = new LettuceConnectionFactory(server);
        connections.afterPropertiesSet();
        connections.start();
        StringRedisTemplate redis = new StringRedisTemplate(connections);
        String prefix = "{roomsbench-" + UUID.randomUUID().toString().substring(0, 8) + "}:";
        QueueSettings settings = new QueueSettings(prefix,
                new QueueSettings.TokenSettings("k", List.of(), Duration.ofHours(6), Duration.ofMinutes(30)),
                new QueueSettings.ActiveSettings(100, Duration.ofMinutes(10), Duration.ofSeconds(60)),
                new QueueSettings.AdmissionSettings(Duration.ofSeconds(1), 20, Duration.ofSeconds(60)),
                new QueueSettings.ExpirySettings(Duration.ofSeconds(5), 500),
                new QueueSettings.PollingSettings(1, 30, 20, 1000, 10, 15, 60),
                new QueueSettings.StreamSettings(Duration.ofMinutes(10), 100, Duration.ofSeconds(15)));
        RoomStore roomStore = new RoomStore(redis, settings);
        TokenStore tokens = new TokenStore(redis, settings);
        AdmissionStore admission = new AdmissionStore(redis, settings);
        try {
            Instant now = Instant.now();
            UUID room = UUID.randomUUID();
            roomStore.createIfAbsent(Room.forSale(room, now.plus(Duration.ofHours(1)), settings));

            // warm-up: connections, script cache, JIT
            run(threads, 5_000, i -> redis.execute(NOTHING, List.of(prefix + "x")));
            double floor = run(threads, fans, i -> redis.execute(NOTHING, List.of(prefix + "x")));
            long memoryBefore = usedMemory(redis);
            double joins = run(threads, fans, i -> tokens.issue(room, UUID.randomUUID(), UUID.randomUUID(), now,
                    now.plus(Duration.ofHours(6)), ThreadLocalRandom.current().nextLong(1L << 53)));
            long memoryAfter = usedMemory(redis);
            System.out.printf("joins into a pre-queue (%d fans, %d threads): %.0f/s; floor EVAL 'return 1': %.0f/s"
                    + " (%.0f%%)%n", fans, threads, joins, floor, 100 * joins / floor);
            System.out.printf("memory per fan in a pre-queue: %d bytes (used_memory %d -> %d)%n",
                    (memoryAfter - memoryBefore) / fans, memoryBefore, memoryAfter);

            long zaddStart = System.nanoTime();
            redis.execute(ZADDS, List.of(prefix + "floor-zset"), Integer.toString(fans));
            double zaddMillis = (System.nanoTime() - zaddStart) / 1e6;
            long openStart = System.nanoTime();
            var round = admission.admit(room, now.plus(Duration.ofHours(2)));
            double openMillis = (System.nanoTime() - openStart) / 1e6;
            System.out.printf("opening step for %d fans (one script, then an admission of %d): %.0f ms; floor: one "
                    + "script of %d ZADDs: %.0f ms (%.1fx)%n", round.waiting() + round.admitted().size(),
                    round.admitted().size(), openMillis, fans, zaddMillis, openMillis / zaddMillis);

            List<UUID> small = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                UUID id = UUID.randomUUID();
                roomStore.createIfAbsent(Room.forSale(id, now.minusSeconds(60), settings));
                tokens.issue(id, UUID.randomUUID(), UUID.randomUUID(), now, now.plus(Duration.ofHours(6)), 1);
                small.add(id);
            }
            long roundStart = System.nanoTime();
            for (UUID id : small) {
                admission.admit(id, now.plusSeconds(1));
            }
            double roundMillis = (System.nanoTime() - roundStart) / 1e6;
            long floorStart = System.nanoTime();
            for (int i = 0; i < rooms; i++) {
                redis.execute(NOTHING, List.of(prefix + "x"));
            }
            double floorRoundMillis = (System.nanoTime() - floorStart) / 1e6;
            System.out.printf("an admission round over %d rooms from one instance: %.0f ms (%.3f ms per room); "
                    + "floor, as many 'return 1' calls: %.0f ms%n", rooms, roundMillis, roundMillis / rooms,
                    floorRoundMillis);
        } finally {
            try (var keys = redis.scan(ScanOptions.scanOptions().match("{roomsbench-*").count(10_000).build())) {
                List<String> batch = new ArrayList<>();
                keys.forEachRemaining(key -> {
                    batch.add(key);
                    if (batch.size() == 10_000) {
                        redis.delete(batch);
                        batch.clear();
                    }
                });
                redis.delete(batch);
            }
            redis.delete(RoomKeys.registry(prefix));
            connections.destroy();
        }
    }

    private interface Call {
        void run(int i);
    }

    /** Runs {@code n} calls over {@code threads} threads; calls per second. */
    private static double run(int threads, int n, Call call) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        call.run(i);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static long usedMemory(StringRedisTemplate redis) {
        Properties info = redis.execute((org.springframework.data.redis.core.RedisCallback<Properties>)
                connection -> connection.serverCommands().info("memory"));
        return Long.parseLong(info.getProperty("used_memory"));
    }
}
