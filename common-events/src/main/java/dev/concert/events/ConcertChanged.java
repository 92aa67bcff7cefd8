package dev.concert.events;

import java.util.UUID;

/**
 * An operator changed what a concert is called or where it plays (the values as they are now). No service of the
 * saga keeps them, so none consumes it yet: it is there for readers of the catalog outside the saga.
 */
public record ConcertChanged(UUID concertId, String title, String venue) implements DomainEvent {

    @Override
    public String key() {
        return concertId.toString();
    }
}
