package dev.concert.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The gateway's own settings.
 *
 * @param upstreams        service id → its instances ({@code lb://<service id>} routes pick among them)
 * @param activityRefresh  an ACTIVE token's last-activity score is rewritten only when older than this, so that
 *                         a burst of requests costs one read-only script call each
 * @param activeCheckMaxAge how long a token this instance found ACTIVE is believed without asking Redis again (0: ask
 *                         on every request); bounds how long a token that stopped being ACTIVE elsewhere still passes
 * @param trustedProxies   how many proxies in front of the gateway append to X-Forwarded-For; the rate limit keys on
 *                         the address the outermost of them saw
 * @param trustedProxyCidrs the networks those proxies connect from (e.g. {@code 10.0.0.0/8}). X-Forwarded-For is
 *                         believed only on a connection from one of them; by default none, so a client that talks to
 *                         the gateway directly cannot pick its own rate-limit key by writing the header
 * @param edgeStatus       answer status polls in the gateway from Redis (by queue-service's published rules)
 *                         instead of proxying them; false: every poll goes to queue-service
 * @param bareRouteUri     diagnostics only: when set, {@code /diagnostics/bare/**} goes there with no filter at
 *                         all, to measure the gateway's own cost (the benchmark sets it)
 */
@ConfigurationProperties("gateway")
public record GatewaySettings(Map<String, List<URI>> upstreams,
                              @DefaultValue("PT20S") Duration activityRefresh,
                              @DefaultValue("PT1S") Duration activeCheckMaxAge,
                              @DefaultValue("1") int trustedProxies,
                              List<String> trustedProxyCidrs,
                              @DefaultValue("true") boolean edgeStatus,
                              URI bareRouteUri) {

    public GatewaySettings {
        if (activeCheckMaxAge.isNegative()
                || (!activeCheckMaxAge.isZero() && activeCheckMaxAge.compareTo(activityRefresh) >= 0)) {
            // the score is rewritten only by a script call, so a long max age stretches the refresh by as much: kept
            // below it, a busy fan's score is at most twice the refresh old, far inside queue.active.idle-timeout
            throw new IllegalArgumentException("gateway.active-check-max-age must be at least 0 and below "
                    + "gateway.activity-refresh (" + activityRefresh + "), not " + activeCheckMaxAge);
        }
        upstreams = upstreams == null ? Map.of() : Map.copyOf(upstreams);
        trustedProxyCidrs = trustedProxyCidrs == null ? List.of()
                : trustedProxyCidrs.stream().map(String::trim).filter(c -> !c.isEmpty()).toList();
    }
}
