package dev.concert.gateway.routing;

import java.util.List;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import reactor.core.publisher.Flux;

/**
 * The probed instances, or every configured instance when no probe passed. One slow probe (a GC pause, a loaded
 * machine) takes an instance out until the next round; when that leaves a service with nothing, refusing every
 * request would turn a blip into an outage. As an AWS load balancer does when all its targets fail their checks, the
 * requests then go to all of them: a dead instance still costs only a refused connection, which the routes retry
 * elsewhere and the breaker counts, and a live one answers. It passes the bean life cycle on: the probes run from
 * the probed supplier's start to its end, not only while a request waits for a list. Of the instances that are
 * left, those the gateway's own requests found unanswering are set aside for a while ({@link OutlierEjection}).
 */
final class FailOpenInstances implements ServiceInstanceListSupplier, InitializingBean, DisposableBean {

    private final ServiceInstanceListSupplier probed;
    private final ServiceInstanceListSupplier configured;
    private final OutlierEjection outliers;

    FailOpenInstances(ServiceInstanceListSupplier probed, ServiceInstanceListSupplier configured,
                      OutlierEjection outliers) {
        this.probed = probed;
        this.configured = configured;
        this.outliers = outliers;
    }

    @Override
    public String getServiceId() {
        return probed.getServiceId();
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        if (probed instanceof InitializingBean starts) {
            starts.afterPropertiesSet();
        }
    }

    @Override
    public void destroy() throws Exception {
        if (probed instanceof DisposableBean stops) {
            stops.destroy();
        }
    }

    @Override
    public Flux<List<ServiceInstance>> get() {
        return ready().map(outliers::usable);
    }

    /** A retried request's pick leaves out the instance its previous attempt got no answer from. */
    @Override
    public Flux<List<ServiceInstance>> get(Request request) {
        Object unansweredBefore = request.getContext() instanceof RequestDataContext context
                && context.getClientRequest() != null && context.getClientRequest().getAttributes() != null
                ? context.getClientRequest().getAttributes().get(OutlierEjection.UNANSWERED_ATTEMPT) : null;
        return ready().map(instances -> outliers.usable(instances, unansweredBefore));
    }

    private Flux<List<ServiceInstance>> ready() {
        return probed.get().concatMap(ready -> ready.isEmpty() ? configured.get().take(1) : Flux.just(ready));
    }
}
