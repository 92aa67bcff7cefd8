package dev.concert.queuestatus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class RoomKeysTest {

    static final UUID ROOM = UUID.fromString("6f1c2a4e-0000-4000-8000-000000000001");

    @Test
    void a_rooms_keys_share_one_hash_tag_that_names_the_room() {
        assertThat(RoomKeys.prefix("{queue}:", ROOM)).isEqualTo("{queue:room:" + ROOM + "}:");
        assertThat(RoomKeys.prefix("{edgetest-1}:", ROOM)).isEqualTo("{edgetest-1:room:" + ROOM + "}:");
    }

    @Test
    void a_prefix_without_a_hash_tag_gets_one_around_the_room() {
        assertThat(RoomKeys.prefix("q:", ROOM)).isEqualTo("{q::room:" + ROOM + "}:");
    }

    @Test
    void two_rooms_never_share_a_prefix() {
        assertThat(RoomKeys.prefix("{queue}:", ROOM)).isNotEqualTo(RoomKeys.prefix("{queue}:", UUID.randomUUID()));
    }
}
