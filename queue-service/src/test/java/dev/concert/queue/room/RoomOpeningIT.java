package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.concert.queue.QueueServiceIntegrationTest;
import dev.concert.queue.QueueStoreFixture;
import dev.concert.queue.token.TokenStore;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A room's opening against the real Redis: fans who join before it wait in the pre-queue, and at the opening they
 * are placed in the waiting queue once, in the order of a random draw rather than the order they came in; whoever
 * comes after the opening queues behind them all. Joins go through two "instances" (own connections, same room).
 */
class RoomOpeningIT extends QueueServiceIntegrationTest {

    private static final int FANS = 1000;

    @Autowired
    LettuceConnectionFactory connections;

    @Test
    void a_thousand_fans_who_join_before_the_opening_are_each_placed_once_in_a_random_order_ahead_of_later_fans() {
        Run run = joinBeforeTheOpening();
        try (QueueStoreFixture first = run.first(); QueueStoreFixture second = run.second()) {
            assertThat(first.redis.opsForZSet().zCard(first.key("waiting"))).as("nobody waits before the opening")
                    .isZero();
            assertThat(first.redis.opsForZSet().zCard(first.key("prequeue"))).isEqualTo(FANS);

            // the first fan after the opening opens the room (issue.lua runs the opening first) and queues behind
            UUID late = UUID.randomUUID();
            TokenStore.Issued afterOpening = second.join(late, run.opensAt().plusSeconds(1));

            assertThat(afterOpening.snapshot().state().name()).isEqualTo("WAITING");
            assertThat(afterOpening.snapshot().order()).as("the late fan's order").isEqualTo(FANS + 1);
            assertThat(afterOpening.snapshot().position()).isEqualTo(FANS + 1);
            List<Long> orders = ordersByJoin(first, run.tokens());
            assertPlacedOnceEach(first, run.tokens(), orders);
            assertThat(first.redis.hasKey(first.key("prequeue"))).as("the pre-queue is gone").isFalse();

            double rho = spearman(orders);
            assertThat(Math.abs(rho)).as("rank correlation of join order and place (1.0: first come, first served)")
                    .isLessThan(0.15);
        }
    }

    @Test
    void two_openings_draw_two_different_orders() {
        List<Long> firstOrders;
        List<Long> secondOrders;
        Run one = joinBeforeTheOpening();
        try (QueueStoreFixture first = one.first(); QueueStoreFixture second = one.second()) {
            first.admit(one.opensAt());
            firstOrders = ordersByJoin(first, one.tokens());
        }
        Run two = joinBeforeTheOpening();
        try (QueueStoreFixture first = two.first(); QueueStoreFixture second = two.second()) {
            second.admit(two.opensAt());
            secondOrders = ordersByJoin(first, two.tokens());
        }

        assertThat(secondOrders).isNotEqualTo(firstOrders);
        assertThat(Math.abs(spearman(firstOrders, secondOrders))).as("rank correlation of the two draws")
                .isLessThan(0.15);
    }

    @Test
    void joining_again_before_the_opening_returns_the_same_token_whichever_instance_is_asked() {
        Instant opening = Instant.now().plus(Duration.ofHours(1));
        try (var first = new QueueStoreFixture(connections.getStandaloneConfiguration(),
                QueueStoreFixture.freshPrefix(), UUID.randomUUID(), opening, 100, 100);
             var second = first.anotherInstance()) {
            UUID fan = UUID.randomUUID();
            TokenStore.Issued joined = first.join(fan, opening.minusSeconds(600));

            TokenStore.Issued again = second.join(fan, opening.minusSeconds(300));
            TokenStore.Issued andAgain = first.join(fan, opening.minusSeconds(1));

            assertThat(joined.created()).isTrue();
            assertThat(joined.snapshot().state().name()).isEqualTo("PRE_QUEUE");
            assertThat(again.created()).isFalse();
            assertThat(andAgain.created()).isFalse();
            assertThat(again.snapshot().tokenId()).isEqualTo(joined.snapshot().tokenId());
            assertThat(andAgain.snapshot().tokenId()).isEqualTo(joined.snapshot().tokenId());
            assertThat(first.redis.opsForZSet().zCard(first.key("prequeue"))).as("one entry, one draw").isEqualTo(1);
            Double draw = first.redis.opsForZSet().score(first.key("prequeue"), joined.snapshot().tokenId().toString());
            second.join(fan, opening.minusSeconds(2));
            assertThat(first.redis.opsForZSet().score(first.key("prequeue"), joined.snapshot().tokenId().toString()))
                    .as("joining again draws nothing new").isEqualTo(draw);
        }
    }

    @Test
    void the_opening_run_by_many_instances_at_once_happens_once_and_every_join_at_the_opening_queues_behind()
            throws Exception {
        Run run = joinBeforeTheOpening();
        int instances = 8;
        int lateFansPerInstance = 5;
        List<QueueStoreFixture> others = new ArrayList<>();
        try (QueueStoreFixture first = run.first(); QueueStoreFixture second = run.second()) {
            // paused: the rounds open the room and admit nobody, so every placed fan stays in the waiting queue
            first.rooms.change(first.rooms.find(first.room).orElseThrow().paused(true));
            for (int i = 0; i < instances; i++) {
                others.add(first.anotherInstance());
            }
            CountDownLatch go = new CountDownLatch(1);
            List<UUID> late = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> calls = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2 * instances)) {
                for (QueueStoreFixture instance : others) {
                    calls.add(pool.submit(() -> {
                        go.await();
                        return instance.admit(run.opensAt());
                    }));
                    calls.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < lateFansPerInstance; i++) {
                            late.add(instance.join(UUID.randomUUID(), run.opensAt()).snapshot().tokenId());
                        }
                        return null;
                    }));
                }
                go.countDown();
                for (Future<?> call : calls) {
                    call.get();
                }
            }

            int lateFans = instances * lateFansPerInstance;
            List<Long> orders = ordersByJoin(first, run.tokens());
            assertPlacedOnceEach(first, run.tokens(), orders);
            assertThat(first.redis.opsForValue().get(first.key("seq"))).as("orders handed out")
                    .isEqualTo(Integer.toString(FANS + lateFans));
            assertThat(first.redis.opsForZSet().zCard(first.key("waiting"))).isEqualTo(FANS + lateFans);
            assertThat(late).hasSize(lateFans).doesNotHaveDuplicates();
            assertThat(ordersByJoin(first, late)).as("the orders of the fans who joined at the opening")
                    .allSatisfy(order -> assertThat(order).isGreaterThan(FANS))
                    .doesNotHaveDuplicates();
            assertThat(first.redis.opsForHash().get(first.key("room"), "opened")).isEqualTo("1");
        } finally {
            others.forEach(QueueStoreFixture::close);
        }
    }

    /**
     * A fresh room opening in an hour, {@value #FANS} fans who join it before the opening, alternately through two
     * instances from two threads; their tokens in join order.
     */
    private Run joinBeforeTheOpening() {
        Instant opening = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        var first = new QueueStoreFixture(connections.getStandaloneConfiguration(), QueueStoreFixture.freshPrefix(),
                UUID.randomUUID(), opening, 100, 100);
        var second = first.anotherInstance();
        UUID[] tokens = new UUID[FANS];
        Instant joinedAt = opening.minus(Duration.ofMinutes(30));
        // each instance joins every other fan; a fan's join index is its place in arrival order
        var evens = CompletableFuture.runAsync(() -> joinEvery(first, 0, tokens, joinedAt));
        var odds = CompletableFuture.runAsync(() -> joinEvery(second, 1, tokens, joinedAt));
        CompletableFuture.allOf(evens, odds).join();
        for (UUID token : tokens) {
            assertThat(first.stateOf(token)).isEqualTo("PRE_QUEUE");
        }
        return new Run(first, second, opening, List.of(tokens));
    }

    private static void joinEvery(QueueStoreFixture instance, int start, UUID[] tokens, Instant at) {
        for (int i = start; i < tokens.length; i += 2) {
            TokenStore.Issued issued = instance.join(UUID.randomUUID(), at.plusMillis(i));
            assertThat(issued.created()).isTrue();
            assertThat(issued.snapshot().order()).as("no order before the draw").isZero();
            tokens[i] = issued.snapshot().tokenId();
        }
    }

    /** Each token's order (its place: 1 is the head), by join index. */
    private static List<Long> ordersByJoin(QueueStoreFixture room, List<UUID> tokens) {
        return tokens.stream().map(id -> {
            Object order = room.redis.opsForHash().get(room.key("token:" + id), "order");
            return order == null ? -1L : Long.parseLong(order.toString());
        }).toList();
    }

    /** Every pre-queue fan WAITING, with a place of 1..FANS each (a permutation), queued by it. */
    private static void assertPlacedOnceEach(QueueStoreFixture room, List<UUID> tokens, List<Long> orders) {
        assertThat(tokens).allSatisfy(id -> assertThat(room.stateOf(id)).isEqualTo("WAITING"));
        Set<Long> distinct = new HashSet<>(orders);
        assertThat(distinct).hasSize(FANS);
        assertThat(orders).allSatisfy(order -> assertThat(order).isBetween(1L, (long) FANS));
        for (int i = 0; i < tokens.size(); i++) {
            Double score = room.redis.opsForZSet().score(room.key("waiting"), tokens.get(i).toString());
            assertThat(score).as("queue score of fan %d", i).isEqualTo(orders.get(i).doubleValue());
        }
    }

    /** Spearman's rank correlation of join index and order (both without ties). */
    private static double spearman(List<Long> orders) {
        return spearman(IntStream.rangeClosed(1, orders.size()).mapToObj(i -> (long) i).toList(), orders);
    }

    private static double spearman(List<Long> x, List<Long> y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double n = x.size();
        double sum = 0;
        for (int i = 0; i < x.size(); i++) {
            double d = rx[i] - ry[i];
            sum += d * d;
        }
        return 1 - 6 * sum / (n * (n * n - 1));
    }

    private static double[] ranks(List<Long> values) {
        Integer[] index = IntStream.range(0, values.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(index, (a, b) -> Long.compare(values.get(a), values.get(b)));
        double[] ranks = new double[values.size()];
        for (int r = 0; r < index.length; r++) {
            ranks[index[r]] = r + 1;
        }
        return ranks;
    }

    private record Run(QueueStoreFixture first, QueueStoreFixture second, Instant opensAt, List<UUID> tokens) {
    }
}
