package dev.concert.queue.room;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class RoomClosureTest {

    @Test
    void a_cancelled_room_stays_cancelled_whatever_comes_after() {
        assertThat(RoomClosure.after(Optional.of(RoomClosure.CANCELLED), RoomClosure.SALE_CLOSED))
                .isEqualTo(RoomClosure.CANCELLED);
        assertThat(RoomClosure.CANCELLED.liftedByReopening()).isFalse();
    }

    @Test
    void a_closed_sale_can_be_cancelled_or_reopened() {
        assertThat(RoomClosure.after(Optional.of(RoomClosure.SALE_CLOSED), RoomClosure.CANCELLED))
                .isEqualTo(RoomClosure.CANCELLED);
        assertThat(RoomClosure.after(Optional.empty(), RoomClosure.SALE_CLOSED)).isEqualTo(RoomClosure.SALE_CLOSED);
        assertThat(RoomClosure.SALE_CLOSED.liftedByReopening()).isTrue();
    }
}
