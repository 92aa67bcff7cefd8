package dev.concert.gateway.routing;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.ReactiveLoadBalancerClientFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.cloud.gateway.support.TimeoutException;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import reactor.core.publisher.Mono;

/**
 * Passive health checking, per instance, as Envoy's outlier detection does: an instance that failed
 * {@code consecutive-failures} requests in a row without an answer (connection refused or broken, no answer within the
 * route's response timeout, or cut off by the breaker's time limit: {@link #cutOffByTimeLimit}, called by the
 * breaker's fallback, since the limit shows here only as a cancel, as a client that went away does) gets no requests
 * for {@code duration}; any answer, whatever its status, resets its count. The readiness probe ({@link HealthyInstances}) catches a frozen
 * instance only at its next round (every 5 s, and a probe that hangs fails at the interval's end): until then half of
 * a service's requests would wait for the time limit, enough to open the whole service's breaker for the healthy
 * instance too (the load run's SIGSTOP of one reservation-service instance, issue 16). When every instance of a
 * service is out, all of them get requests again, as with the probes ({@link FailOpenInstances}).
 */
@Component
public class OutlierEjection implements GlobalFilter, Ordered {

    /**
     * The exchange attribute naming the instance that left this request's last attempt unanswered: the retry's pick
     * leaves it out ({@link FailOpenInstances}), whatever the round robin's turn.
     */
    static final String UNANSWERED_ATTEMPT = OutlierEjection.class.getName() + ".unansweredAttempt";
    /** The instance whose attempt was cancelled before an answer: by the time limit, or by a client that left. */
    static final String CANCELLED_ATTEMPT = OutlierEjection.class.getName() + ".cancelledAttempt";

    private static final class Outcomes {
        final AtomicInteger failuresInARow = new AtomicInteger();
        volatile long ejectedUntilNanos;
    }

    private final int consecutiveFailures;
    private final long ejectionNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Outcomes> byInstance = new ConcurrentHashMap<>();

    @Autowired
    OutlierEjection(@Value("${gateway.outlier-ejection.consecutive-failures:3}") int consecutiveFailures,
                    @Value("${gateway.outlier-ejection.duration:10s}") Duration duration) {
        this(consecutiveFailures, duration, System::nanoTime);
    }

    OutlierEjection(int consecutiveFailures, Duration duration, LongSupplier nanoTime) {
        this.consecutiveFailures = consecutiveFailures;
        this.ejectionNanos = duration.toNanos();
        this.nanoTime = nanoTime;
    }

    /** The instances not ejected now; all of them when every one is. */
    List<ServiceInstance> usable(List<ServiceInstance> instances) {
        return usable(instances, null);
    }

    /**
     * The instances not ejected now and not the one that left this request's previous attempt unanswered (its key,
     * or null); all of them when that leaves none.
     */
    List<ServiceInstance> usable(List<ServiceInstance> instances, Object unansweredBefore) {
        if (byInstance.isEmpty()) {
            return instances;
        }
        long now = nanoTime.getAsLong();
        List<ServiceInstance> notEjected = new ArrayList<>(instances.size());
        for (ServiceInstance instance : instances) {
            Outcomes outcomes = byInstance.get(key(instance));
            if (outcomes == null || outcomes.ejectedUntilNanos - now <= 0) {
                notEjected.add(instance);
            }
        }
        if (notEjected.isEmpty()) {
            return instances;
        }
        List<ServiceInstance> others = notEjected.stream().filter(i -> !key(i).equals(unansweredBefore)).toList();
        return others.isEmpty() ? notEjected : others;
    }

    void answered(ServiceInstance instance) {
        Outcomes outcomes = byInstance.get(key(instance));
        if (outcomes != null) {
            outcomes.failuresInARow.set(0);
        }
    }

    void failed(ServiceInstance instance) {
        Outcomes outcomes = byInstance.computeIfAbsent(key(instance), k -> new Outcomes());
        if (outcomes.failuresInARow.incrementAndGet() >= consecutiveFailures) {
            outcomes.failuresInARow.set(0);
            outcomes.ejectedUntilNanos = nanoTime.getAsLong() + ejectionNanos;
        }
    }

    @Override
    public int getOrder() {
        // right after the load balancer has picked the instance, around the request to it
        return ReactiveLoadBalancerClientFilter.LOAD_BALANCER_CLIENT_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        Response<ServiceInstance> picked = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_LOADBALANCER_RESPONSE_ATTR);
        if (picked == null || !picked.hasServer()) {
            return chain.filter(exchange);
        }
        ServiceInstance instance = picked.getServer();
        return chain.filter(exchange)
                .doOnSuccess(done -> answered(instance))
                .doOnError(failure -> {
                    if (unanswered(failure)) {
                        failed(instance);
                        exchange.getAttributes().put(UNANSWERED_ATTEMPT, key(instance));
                    } else {
                        answered(instance);
                    }
                })
                // the breaker's time limit, or a client that went away: only the fallback can tell (cutOffByTimeLimit)
                .doOnCancel(() -> exchange.getAttributes().put(CANCELLED_ATTEMPT, instance));
    }

    /** The breaker's time limit cut this request off: the instance its last attempt went to did not answer in time. */
    public void cutOffByTimeLimit(ServerWebExchange exchange) {
        if (exchange.getAttribute(CANCELLED_ATTEMPT) instanceof ServiceInstance instance) {
            failed(instance);
        }
    }

    /** No answer came from the instance: refused, broken, or not within the route's response timeout. */
    static boolean unanswered(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException || cause instanceof TimeoutException
                    || cause instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String key(ServiceInstance instance) {
        return instance.getServiceId() + "@" + instance.getHost() + ":" + instance.getPort();
    }
}
