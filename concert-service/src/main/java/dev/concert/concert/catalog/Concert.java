package dev.concert.concert.catalog;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.concert.events.ConcertChanged;
import dev.concert.platform.persistence.AssignedIdEntity;

/** A concert: what is performed and where; its dates are {@link Schedule}s. */
@Entity
@Table(name = "concert")
public class Concert extends AssignedIdEntity {

    @Id
    private UUID id;
    private String title;
    private String venue;
    private Instant createdAt;

    protected Concert() {
    }

    Concert(UUID id, String title, String venue, Instant createdAt) {
        this.id = id;
        this.title = title;
        this.venue = venue;
        this.createdAt = createdAt;
    }

    /** A new title and venue; empty (nothing to announce) when they are as given already. */
    public Optional<ConcertChanged> rename(String newTitle, String newVenue) {
        if (newTitle.equals(title) && newVenue.equals(venue)) {
            return Optional.empty();
        }
        title = newTitle;
        venue = newVenue;
        return Optional.of(new ConcertChanged(id, title, venue));
    }

    @Override
    public UUID getId() {
        return id;
    }

    public UUID id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String venue() {
        return venue;
    }
}
