package dev.concert.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SaleWindowTest {

    private static final Instant OPENS = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant CLOSES = Instant.parse("2026-12-20T09:00:00Z");
    private static final Instant STARTS = Instant.parse("2026-12-20T10:00:00Z");
    private final SaleWindow window = new SaleWindow(STARTS, OPENS, CLOSES);

    @Test
    void a_date_is_bookable_only_while_its_sale_is_open() {
        assertThat(window.isBookableAt(OPENS.minusSeconds(1))).isFalse();
        assertThat(window.isBookableAt(OPENS)).isTrue();
        assertThat(window.isBookableAt(CLOSES.minusSeconds(1))).isTrue();
        assertThat(window.isBookableAt(CLOSES)).isFalse();
    }

    @Test
    void a_date_whose_show_has_started_is_not_bookable() {
        SaleWindow lateSale = new SaleWindow(STARTS, OPENS, STARTS);
        assertThat(lateSale.isBookableAt(STARTS.minusSeconds(1))).isTrue();
        assertThat(lateSale.isBookableAt(STARTS)).isFalse();
    }

    @Test
    void a_sale_must_open_before_it_closes_and_close_by_the_show() {
        assertThatThrownBy(() -> new SaleWindow(STARTS, CLOSES, OPENS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaleWindow(STARTS, OPENS, STARTS.plusSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SaleWindow(null, OPENS, CLOSES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void times_are_kept_to_whole_seconds() {
        SaleWindow precise = new SaleWindow(STARTS.plusMillis(999), OPENS.plusNanos(5), CLOSES.plusMillis(1));
        assertThat(precise).isEqualTo(window);
    }
}
