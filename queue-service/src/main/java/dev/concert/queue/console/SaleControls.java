package dev.concert.queue.console;

import java.util.Map;
import java.util.UUID;

import dev.concert.platform.admin.AdminKey;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Closing and reopening a schedule's sale is concert-service's to decide (its admin API: {@code POST
 * /admin/v1/schedules/{id}/close|reopen}); the rooms follow from its events. The console forwards the operator's
 * request with the admin key and hands back whatever concert-service answered, problem+json included.
 */
@Component
class SaleControls {

    private final ConsoleSettings settings;
    private final ManagementPorts ports;
    private final String adminKey;

    SaleControls(ConsoleSettings settings, ManagementPorts ports,
                 @Value("${queue.admin.key:}") String queueAdminKey) {
        this.settings = settings;
        this.ports = ports;
        this.adminKey = settings.concertAdminKey() == null || settings.concertAdminKey().isBlank() ? queueAdminKey
                : settings.concertAdminKey();
    }

    ManagementPorts.Answer close(UUID schedule, Operator who) {
        return forward(schedule, "close", who);
    }

    ManagementPorts.Answer reopen(UUID schedule, Operator who) {
        return forward(schedule, "reopen", who);
    }

    private ManagementPorts.Answer forward(UUID schedule, String action, Operator who) {
        if (settings.concertAdminUrl() == null) {
            return ManagementPorts.Answer.unreachable(
                    "no concert-service address configured (console.concert-admin-url)");
        }
        ManagementPorts.Answer answer = ports.post(settings.concertAdminUrl(),
                "/admin/v1/schedules/" + schedule + "/" + action, Map.of(AdminKey.HEADER, adminKey));
        RoomControls.AUDIT.info("who={} what=sale-{} schedule={} answer={}", who, action, schedule,
                answer.unreachable() != null ? answer.trouble() : answer.status());
        return answer;
    }
}
