package dev.concert.platform.messaging;

import java.util.List;
import java.util.Map;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The operator's view of parked records: {@code GET /actuator/parked} lists them (reason, age, origin);
 * {@code POST /actuator/parked} replays all, {@code POST /actuator/parked/{parkingTopic}/{partition}/{offset}} one.
 * An actuator endpoint, so only the service's management port serves it ({@code MANAGEMENT_PORT}, never the API port
 * the gateway routes to); scripts/parked.sh calls it.
 */
@Endpoint(id = "parked")
public class ParkedEventsEndpoint {

    private final ParkedEvents parked;

    public ParkedEventsEndpoint(ParkedEvents parked) {
        this.parked = parked;
    }

    @ReadOperation
    public Map<String, Object> list() {
        List<ParkedEvents.Parked> records = parked.list();
        return Map.of("count", records.size(), "parkingTopics", parked.parkingTopics(), "records", records);
    }

    /** {@code POST /actuator/parked}: replays every parked record. */
    @WriteOperation
    public Map<String, Object> replayAll() {
        List<ParkedEvents.Parked> replayed = parked.replayAll();
        return Map.of("replayed", replayed.size(), "records", replayed);
    }

    /** {@code POST /actuator/parked/{parkingTopic}/{partition}/{offset}}: replays one parked record. */
    @WriteOperation
    public Map<String, Object> replay(@Selector String topic, @Selector int partition, @Selector long offset) {
        return parked.replay(topic, partition, offset)
                .<Map<String, Object>>map(r -> Map.of("replayed", 1, "records", List.of(r)))
                .orElseGet(() -> Map.of("replayed", 0, "records", List.of()));
    }
}
