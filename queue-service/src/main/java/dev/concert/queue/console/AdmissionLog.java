package dev.concert.queue.console;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import dev.concert.queue.QueueSettings;
import dev.concert.queuestatus.RoomKeys;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * How many fans a room admitted over a short, recent span, read from the log the admission script keeps of every
 * round ({@code <room prefix>admitted}: members {@code <ms>:<count>:<seq>} scored by time, pruned to the rate
 * window). The rooms' own figure is the whole rate window (a minute), which keeps showing admissions for a minute
 * after a pause; the console wants a paused room at 0 within seconds. Read only: admission alone writes the log.
 */
@Component
class AdmissionLog {

    private final StringRedisTemplate redis;
    private final String queuePrefix;

    AdmissionLog(StringRedisTemplate redis, QueueSettings settings) {
        this.redis = redis;
        this.queuePrefix = settings.keyPrefix();
    }

    long admittedSince(UUID room, Instant now, Duration span) {
        Set<String> rounds = redis.opsForZSet().rangeByScore(RoomKeys.prefix(queuePrefix, room) + "admitted",
                now.minus(span).toEpochMilli(), Double.POSITIVE_INFINITY);
        if (rounds == null) {
            return 0;
        }
        long admitted = 0;
        for (String round : rounds) {
            String[] parts = round.split(":");
            if (parts.length >= 2) {
                admitted += Long.parseLong(parts[1]);
            }
        }
        return admitted;
    }
}
