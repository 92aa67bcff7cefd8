package dev.concert.queue.console;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.stereotype.Component;

/**
 * How far behind each consumer group is, per topic: the end offset of every partition it committed on minus its
 * committed offset, read with Kafka's admin client (three requests, whatever the number of groups). A broker that
 * does not answer in time is shown as such.
 */
@Component
class ConsumerLag implements DisposableBean {

    private static final long TIMEOUT_MS = 3000;

    private final Map<String, Object> adminProperties;
    private Admin admin;

    ConsumerLag(KafkaAdmin kafkaAdmin) {
        this.adminProperties = new HashMap<>(kafkaAdmin.getConfigurationProperties());
        adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS);
        adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, "queue-service-operator-console");
    }

    Lag read() {
        try {
            Admin client = client();
            Collection<GroupListing> groups = client.listGroups(ListGroupsOptions.forConsumerGroups()).all()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Map<String, ListConsumerGroupOffsetsSpec> specs = groups.stream().collect(Collectors.toMap(
                    GroupListing::groupId, g -> new ListConsumerGroupOffsetsSpec(), (a, b) -> a, TreeMap::new));
            if (specs.isEmpty()) {
                return new Lag(true, null, List.of());
            }
            Map<String, Map<TopicPartition, OffsetAndMetadata>> committed = client.listConsumerGroupOffsets(specs)
                    .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            Set<TopicPartition> partitions = new HashSet<>();
            committed.values().forEach(offsets -> offsets.forEach((partition, offset) -> {
                if (offset != null) {
                    partitions.add(partition);
                }
            }));
            Map<TopicPartition, OffsetSpec> latest = partitions.stream()
                    .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = latest.isEmpty() ? Map.of()
                    : client.listOffsets(latest).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<GroupLag> lags = new ArrayList<>();
            new TreeMap<>(committed).forEach((group, offsets) -> {
                Map<String, Long> byTopic = new TreeMap<>();
                offsets.forEach((partition, offset) -> {
                    var end = ends.get(partition);
                    if (offset != null && end != null) {
                        byTopic.merge(partition.topic(), Math.max(0, end.offset() - offset.offset()), Long::sum);
                    }
                });
                List<TopicLag> topics = byTopic.entrySet().stream().map(e -> new TopicLag(e.getKey(), e.getValue()))
                        .toList();
                lags.add(new GroupLag(group, topics.stream().mapToLong(TopicLag::lag).sum(), topics));
            });
            return new Lag(true, null, lags);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lag(false, "interrupted", List.of());
        } catch (Exception e) {
            return new Lag(false, "the broker did not answer: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()), List.of());
        }
    }

    private synchronized Admin client() {
        if (admin == null) {
            admin = Admin.create(adminProperties);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }

    record TopicLag(String topic, long lag) {
    }

    record GroupLag(String group, long lag, List<TopicLag> topics) {
    }

    record Lag(boolean reachable, String trouble, List<GroupLag> groups) {
    }
}
