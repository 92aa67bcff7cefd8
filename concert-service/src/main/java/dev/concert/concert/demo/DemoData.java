package dev.concert.concert.demo;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import dev.concert.concert.catalog.Concert;
import dev.concert.concert.catalog.ScheduleOpening;
import dev.concert.concert.catalog.SeatCatalog;
import dev.concert.events.SaleWindow;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Demo concerts for the {@code local} profile: three concerts, four dates each, 50 seats per date, on sale now; and
 * a fan-club presale whose one date goes on sale shortly after the start ({@code concert.demo.presale-opens-in},
 * 2 minutes): its waiting room shows the pre-queue and the draw at the opening.
 * <p>
 * Every id is derived from names (and the date), never random, and a schedule is created only if it does not exist
 * (a unique key settles a race): a restart adds nothing, and two instances starting at once create each schedule,
 * and announce it, exactly once. Dates are
 * counted from today (Seoul), so a restart on a later day adds the new dates and the old ones age out by themselves.
 */
@Component
@ConditionalOnProperty(name = "concert.demo.enabled", havingValue = "true")
public class DemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final List<Integer> DAYS_AHEAD = List.of(3, 5, 7, 10);

    private record DemoConcert(String key, String title, String venue) {
    }

    private static final List<DemoConcert> CONCERTS = List.of(
            new DemoConcert("spring-symphony", "Spring Symphony Night", "Seoul Arts Center"),
            new DemoConcert("indie-rooftop", "Indie Rooftop Live", "Hongdae Rolling Hall"),
            new DemoConcert("kpop-arena", "K-Pop Arena Tour", "KSPO Dome"));

    private static final DemoConcert PRESALE = new DemoConcert("fan-presale", "Fan Club Presale", "Olympic Hall");
    static final int PRESALE_DAYS_AHEAD = 14;

    private final ScheduleOpening opening;
    private final Clock clock;
    private final Duration presaleOpensIn;

    public DemoData(ScheduleOpening opening, Clock clock,
                    @Value("${concert.demo.presale-opens-in:PT2M}") Duration presaleOpensIn) {
        this.opening = opening;
        this.clock = clock;
        this.presaleOpensIn = presaleOpensIn;
    }

    @Override
    public void run(ApplicationArguments args) {
        int opened = load();
        log.info("demo data: {} new schedules opened ({} concerts x {} dates wanted)", opened, CONCERTS.size(),
                DAYS_AHEAD.size());
    }

    /** Returns how many schedules this call created (0 when another start already did). */
    public int load() {
        LocalDate today = LocalDate.now(clock.withZone(SEOUL));
        int opened = 0;
        for (DemoConcert demo : CONCERTS) {
            Concert concert = opening.createConcert(id("concert", demo.key()), demo.title(),
                    demo.venue());
            for (int days : DAYS_AHEAD) {
                LocalDate date = today.plusDays(days);
                ZonedDateTime startsAt = ZonedDateTime.of(date, LocalTime.of(19, 0), SEOUL);
                SaleWindow window = new SaleWindow(startsAt.toInstant(),
                        startsAt.minusDays(30).toInstant(), startsAt.minus(Duration.ofHours(1)).toInstant());
                if (opening.open(id("schedule", demo.key() + "/" + date), concert, window, SeatCatalog.standard())
                        .isPresent()) {
                    opened++;
                }
            }
        }
        // the presale: created once per day (its id names the date), opening a little after the first start
        Concert presale = opening.createConcert(id("concert", PRESALE.key()), PRESALE.title(), PRESALE.venue());
        LocalDate date = today.plusDays(PRESALE_DAYS_AHEAD);
        ZonedDateTime startsAt = ZonedDateTime.of(date, LocalTime.of(19, 0), SEOUL);
        SaleWindow window = new SaleWindow(startsAt.toInstant(), clock.instant().plus(presaleOpensIn),
                startsAt.minus(Duration.ofHours(1)).toInstant());
        if (opening.open(id("schedule", PRESALE.key() + "/" + date), presale, window, SeatCatalog.standard())
                .isPresent()) {
            log.info("demo data: the presale's room opens at {}", window.saleOpensAt());
            opened++;
        }
        return opened;
    }

    static UUID id(String kind, String name) {
        return UUID.nameUUIDFromBytes(("demo:" + kind + ":" + name).getBytes(StandardCharsets.UTF_8));
    }
}
