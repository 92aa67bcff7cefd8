package dev.concert.queuestatus;

import java.util.UUID;

/**
 * Where a waiting room lives in Redis. Each room has the whole queue layout of its own (see queue-service's
 * QueueScripts) under a prefix whose cluster hash tag names the room: a room's keys share one slot, which its
 * multi-key scripts need, and different rooms spread over a cluster's slots. A room's id is the id of the schedule
 * whose sale it protects.
 */
public final class RoomKeys {

    private RoomKeys() {
    }

    /**
     * The prefix of {@code room}'s keys: the queue's prefix {@code {name}:} becomes {@code {name:room:<id>}:}; a
     * prefix without a hash tag gets one around it.
     */
    public static String prefix(String queuePrefix, UUID room) {
        String name = queuePrefix.startsWith("{") && queuePrefix.endsWith("}:")
                ? queuePrefix.substring(1, queuePrefix.length() - 2) : queuePrefix;
        return "{" + name + ":room:" + room + "}:";
    }

    /** The set of every room (id scored by opening time), under the queue's own prefix. */
    public static String registry(String queuePrefix) {
        return queuePrefix + "rooms";
    }
}
