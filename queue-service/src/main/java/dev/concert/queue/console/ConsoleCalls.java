package dev.concert.queue.console;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for the console's parallel calls: an answer that failed in flight is an unreachable service. */
final class ConsoleCalls {

    private ConsoleCalls() {
    }

    static ManagementPorts.Answer await(Future<ManagementPorts.Answer> call) {
        try {
            return call.get();
        } catch (ExecutionException e) {
            return ManagementPorts.Answer.unreachable(String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ManagementPorts.Answer.unreachable("interrupted");
        }
    }
}
