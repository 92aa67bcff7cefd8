package dev.concert.concert.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.concert.concert.ConcertIntegrationTest;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DemoDataIT extends ConcertIntegrationTest {

    @Autowired
    Clock clock;

    @Test
    void demo_data_loaded_by_two_instances_at_once_and_again_on_restart_exists_once() throws Exception {
        // two loaders as on two instances starting together, each with its own transactions
        DemoData first = new DemoData(opening, clock, Duration.ofMinutes(2));
        DemoData second = new DemoData(opening, clock, Duration.ofMinutes(2));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> opened = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (DemoData loader : List.of(first, second)) {
                opened.add(pool.submit(() -> {
                    go.await();
                    return loader.load();
                }));
            }
            go.countDown();
        }
        int createdNow = opened.get(0).get() + opened.get(1).get();
        int createdOnRestart = first.load();

        assertThat(createdNow).isBetween(0, 13); // 0 when an earlier run today loaded them already
        assertThat(createdOnRestart).isZero();
        String demoConcerts = "('" + DemoData.id("concert", "spring-symphony") + "','"
                + DemoData.id("concert", "indie-rooftop") + "','" + DemoData.id("concert", "kpop-arena") + "')";
        assertThat(count("SELECT COUNT(*) FROM concert WHERE id IN " + demoConcerts)).isEqualTo(3);
        long schedules = count("SELECT COUNT(*) FROM concert_schedule WHERE concert_id IN " + demoConcerts);
        assertThat(schedules).isGreaterThanOrEqualTo(12);
        assertThat(count("""
                SELECT COUNT(*) FROM catalog_seat s JOIN concert_schedule c ON c.id = s.schedule_id
                WHERE c.concert_id IN""" + " " + demoConcerts)).isEqualTo(schedules * 50);
        // every schedule announced exactly once
        assertThat(count("""
                SELECT COUNT(*) FROM outbox_event o JOIN concert_schedule c ON c.id = o.event_key
                WHERE o.event_type = 'ScheduleOpened' AND c.concert_id IN""" + " " + demoConcerts))
                .isEqualTo(schedules);
        assertThat(get("/api/v1/concerts/" + DemoData.id("concert", "kpop-arena") + "/schedules").body().size())
                .isGreaterThanOrEqualTo(4);
    }

    @Test
    void the_presale_date_goes_on_sale_after_the_start_and_exists_once() {
        String presale = "'" + DemoData.id("concert", "fan-presale") + "'";
        new DemoData(opening, clock, Duration.ofMinutes(2)).load();
        long afterFirstStart = count("SELECT COUNT(*) FROM concert_schedule WHERE concert_id = " + presale);
        new DemoData(opening, clock, Duration.ofMinutes(2)).load();

        // one presale date per day (in Seoul; the database keeps earlier days' dates): a second start adds none
        assertThat(count("SELECT COUNT(*) FROM concert_schedule WHERE concert_id = " + presale))
                .isEqualTo(afterFirstStart);
        String today = "'" + DemoData.id("schedule", "fan-presale/" + LocalDate.now(clock.withZone(DemoData.SEOUL))
                .plusDays(DemoData.PRESALE_DAYS_AHEAD)) + "'";
        // on sale only from the first start on (an earlier run today created it then): none of its seats was held
        assertThat(count("SELECT COUNT(*) FROM concert_schedule WHERE id = " + today
                + " AND sale_opens_at > starts_at - INTERVAL 30 DAY")).isOne();
    }
}
