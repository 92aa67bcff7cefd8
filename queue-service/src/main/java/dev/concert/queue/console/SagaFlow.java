package dev.concert.queue.console;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.springframework.stereotype.Component;

/**
 * Holds, bookings, releases and payments as they flow, from the counters reservation-service and payment-service
 * publish on their management ports ({@code /actuator/prometheus}; reservation: {@code reservation_holds_total},
 * {@code reservation_confirmations_total{outcome="confirmed"}}, {@code reservation_releases_total},
 * {@code reservation_cancellations_total}; payment: {@code payments_outcome_total{outcome}}), summed over every
 * instance, as totals since the instances started and rates per minute.
 */
@Component
class SagaFlow {

    static final String RESERVATION = "reservation-service";
    static final String PAYMENT = "payment-service";

    private final ConsoleSettings settings;
    private final ManagementPorts ports;
    private final Clock clock;
    private final CounterRates rates = new CounterRates();

    SagaFlow(ConsoleSettings settings, ManagementPorts ports, Clock clock) {
        this.settings = settings;
        this.ports = ports;
        this.clock = clock;
    }

    Flow read() {
        Instant now = clock.instant();
        Map<URI, PrometheusText> reservation = new LinkedHashMap<>();
        Map<URI, PrometheusText> payment = new LinkedHashMap<>();
        List<InstanceState> instances = new ArrayList<>();
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<URI, Future<ManagementPorts.Answer>> r = scrape(calls, settings.instancesOf(RESERVATION));
            Map<URI, Future<ManagementPorts.Answer>> p = scrape(calls, settings.instancesOf(PAYMENT));
            collect(RESERVATION, r, reservation, instances);
            collect(PAYMENT, p, payment, instances);
        }
        List<Counter> counters = List.of(
                counter("holds", reservation, "reservation_holds_total", Map.of(), now),
                counter("bookings", reservation, "reservation_confirmations_total", Map.of("outcome", "confirmed"),
                        now),
                counter("releases", reservation, "reservation_releases_total", Map.of(), now),
                counter("cancellations", reservation, "reservation_cancellations_total", Map.of(), now));
        Map<String, Boolean> outcomes = new TreeMap<>();
        payment.values().forEach(text -> text.sumBy("payments_outcome_total", "outcome").keySet()
                .forEach(o -> outcomes.put(o, true)));
        List<Counter> payments = outcomes.keySet().stream().map(outcome -> counter(outcome, payment,
                "payments_outcome_total", Map.of("outcome", outcome), now)).toList();
        return new Flow(counters, payments, instances);
    }

    private Map<URI, Future<ManagementPorts.Answer>> scrape(ExecutorService calls, List<URI> instances) {
        Map<URI, Future<ManagementPorts.Answer>> answers = new LinkedHashMap<>();
        for (URI instance : instances) {
            answers.put(instance, calls.submit(() -> ports.get(instance, "/actuator/prometheus")));
        }
        return answers;
    }

    private static void collect(String service, Map<URI, Future<ManagementPorts.Answer>> answers,
                                Map<URI, PrometheusText> texts, List<InstanceState> instances) {
        answers.forEach((instance, future) -> {
            ManagementPorts.Answer answer = ConsoleCalls.await(future);
            if (answer.ok()) {
                texts.put(instance, PrometheusText.parse(answer.body()));
                instances.add(new InstanceState(service, instance.toString(), true, null));
            } else {
                instances.add(new InstanceState(service, instance.toString(), false, answer.trouble()));
            }
        });
    }

    /** A counter over every instance that answered; its rate is the sum of each instance's own rate. */
    private Counter counter(String name, Map<URI, PrometheusText> texts, String metric, Map<String, String> labels,
                            Instant now) {
        double total = 0;
        Double perMinute = null;
        for (Map.Entry<URI, PrometheusText> instance : texts.entrySet()) {
            double value = instance.getValue().sum(metric, labels);
            total += value;
            Double rate = rates.perMinute(instance.getKey() + "|" + metric + "|" + labels, value, now);
            if (rate != null) {
                perMinute = (perMinute == null ? 0 : perMinute) + rate;
            }
        }
        return new Counter(name, Math.round(total), perMinute == null ? null : Math.round(perMinute * 10) / 10.0);
    }

    /** @param perMinute null until two readings a few seconds apart exist */
    record Counter(String name, long total, Double perMinute) {
    }

    record InstanceState(String service, String instance, boolean reachable, String trouble) {
    }

    record Flow(List<Counter> reservations, List<Counter> payments, List<InstanceState> instances) {
    }
}
