package dev.concert.events.saga;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.concert.events.DomainEvent;

/**
 * One row of the saga: what starts it, which service acts, the state change it makes, what it announces when it
 * succeeds, what it announces when it cannot, and which later step undoes it if the saga fails further on.
 *
 * @param number       the step's place in the saga ({@code "E"} for the expiry path that runs beside it)
 * @param trigger      an event, or a command of a user or a job
 * @param participant  the service that acts
 * @param change       the conditional state change, in words
 * @param emits        the event(s) announced when the change is made
 * @param failure      the event announced when the step refuses (the saga goes down its failure path), if any
 * @param compensation what undoes this step's effect if a later step fails, if anything
 */
public record SagaStep(String number, Trigger trigger, Participant participant, String change,
                       List<Class<? extends DomainEvent>> emits, Optional<Class<? extends DomainEvent>> failure,
                       Optional<String> compensation) {

    public SagaStep {
        Objects.requireNonNull(number);
        Objects.requireNonNull(trigger);
        Objects.requireNonNull(participant);
        Objects.requireNonNull(change);
        emits = List.copyOf(emits);
        Objects.requireNonNull(failure);
        Objects.requireNonNull(compensation);
    }

    /** What starts a step: an event from another participant, or a command (HTTP request, scheduled job). */
    public sealed interface Trigger {

        record OnEvent(Class<? extends DomainEvent> type) implements Trigger {
        }

        record OnCommand(String description) implements Trigger {
        }
    }

    /** Every event this step may announce, on success or failure. */
    public List<Class<? extends DomainEvent>> announces() {
        return failure.map(f -> java.util.stream.Stream.concat(emits.stream(), java.util.stream.Stream.of(f)).toList())
                .orElse(emits);
    }

    public Optional<Class<? extends DomainEvent>> consumedEvent() {
        return trigger instanceof Trigger.OnEvent(Class<? extends DomainEvent> type) ? Optional.of(type)
                : Optional.empty();
    }
}
