package dev.concert.queue.admission;

import java.time.Clock;

import dev.concert.queue.QueueMetrics;
import dev.concert.queue.admission.AdmissionStore.AdmissionRound;

import org.springframework.stereotype.Service;

/** Moves the head of the waiting queue into the ACTIVE set, within capacity and the admission rate. */
@Service
public class Admission {

    private final AdmissionStore store;
    private final QueueMetrics metrics;
    private final Clock clock;

    public Admission(AdmissionStore store, QueueMetrics metrics, Clock clock) {
        this.store = store;
        this.metrics = metrics;
        this.clock = clock;
    }

    public AdmissionRound runOnce() {
        AdmissionRound round = store.admit(clock.instant());
        metrics.admitted(round.admitted().size(), round.waiting(), round.active());
        return round;
    }
}
