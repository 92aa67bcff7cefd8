package dev.concert.queue.console;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the operator console finds the rest of the platform. Only addresses from here are ever called (a page's
 * request names a service by its key, never by an address), so the console cannot be turned against another host.
 *
 * @param services        each service's management addresses (API port + 1000), one per instance: metrics and parked
 *                        records are read there, replays are sent there
 * @param concertAdminUrl concert-service's API address, where a schedule's sale is closed and reopened
 * @param concertAdminKey the admin key concert-service expects; by default queue-service's own
 * @param timeout         how long a call to another service may take before it is shown as unreachable
 */
@ConfigurationProperties("console")
public record ConsoleSettings(Map<String, List<URI>> services, URI concertAdminUrl, String concertAdminKey,
                              @DefaultValue("PT2S") Duration timeout) {

    public ConsoleSettings {
        // sorted by name: the page lists the services in a stable order
        services = services == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(services));
    }

    public List<URI> instancesOf(String service) {
        return services.getOrDefault(service, List.of());
    }
}
