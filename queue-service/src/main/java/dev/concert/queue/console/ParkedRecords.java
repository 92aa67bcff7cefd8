package dev.concert.queue.console;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The saga records each service parked, per parking topic, from its own {@code /actuator/parked} (any instance
 * answers for its consumer group: the records live in Kafka), and their replay there ({@code POST}).
 */
@Component
class ParkedRecords {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConsoleSettings settings;
    private final ManagementPorts ports;

    ParkedRecords(ConsoleSettings settings, ManagementPorts ports) {
        this.settings = settings;
        this.ports = ports;
    }

    List<ServiceParked> read() {
        List<ServiceParked> all = new ArrayList<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<String, Future<ServiceParked>> perService = new LinkedHashMap<>();
            settings.services().keySet().forEach(service -> perService.put(service, calls.submit(() -> of(service))));
            perService.forEach((service, future) -> {
                try {
                    all.add(future.get());
                } catch (Exception e) {
                    all.add(ServiceParked.unreachable(service, String.valueOf(e)));
                }
            });
        }
        return all;
    }

    /** Replays every parked record of the service at the first instance that answers. */
    ManagementPorts.Answer replay(String service) {
        ManagementPorts.Answer last = ManagementPorts.Answer.unreachable("no instance configured");
        for (URI instance : settings.instancesOf(service)) {
            last = ports.post(instance, "/actuator/parked", Map.of());
            if (last.unreachable() == null) {
                return last;
            }
        }
        return last;
    }

    boolean knows(String service) {
        return settings.services().containsKey(service);
    }

    private ServiceParked of(String service) {
        String trouble = "no instance configured";
        for (URI instance : settings.instancesOf(service)) {
            ManagementPorts.Answer answer = ports.get(instance, "/actuator/parked");
            if (!answer.ok()) {
                trouble = answer.trouble();
                continue;
            }
            JsonNode body = JSON.readTree(answer.body());
            Map<String, Long> byTopic = new LinkedHashMap<>();
            body.path("parkingTopics").forEach(topic -> byTopic.put(topic.asString(), 0L));
            body.path("records").forEach(r -> byTopic.merge(r.path("parkingTopic").asString(), 1L, Long::sum));
            List<TopicParked> topics = byTopic.entrySet().stream()
                    .map(e -> new TopicParked(e.getKey(), e.getValue())).toList();
            return new ServiceParked(service, true, null, body.path("count").asLong(), topics);
        }
        return ServiceParked.unreachable(service, trouble);
    }

    record TopicParked(String parkingTopic, long count) {
    }

    record ServiceParked(String service, boolean reachable, String trouble, long count, List<TopicParked> topics) {

        static ServiceParked unreachable(String service, String trouble) {
            return new ServiceParked(service, false, trouble, 0, List.of());
        }
    }
}
