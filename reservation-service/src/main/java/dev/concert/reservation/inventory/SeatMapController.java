package dev.concert.reservation.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.concert.platform.read.RecentReads;
import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;
import dev.concert.reservation.reservation.Reservations;
import dev.concert.reservation.reservation.SeatStatus;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seat map of a schedule with each seat's status, as read at most {@code reservation.seat-map.max-age} ago (500 ms;
 * per instance; while one request reads it again, the others get the previous map). Every admitted fan reloads it while picking, and in the load run those reads drained the pool that
 * holds and payments need (issue 16); kept this briefly, a sale's map costs one query per max age per instance
 * whatever the number of fans. So a seat taken in the last half second may still show AVAILABLE, and its hold then
 * gets 409 SEAT_NOT_AVAILABLE: the hold, not the map, decides. A seat whose hold deadline has passed shows HELD
 * until the expiry job releases it (within one job period). Only shown in the waiting room of the schedule's sale
 * ({@link QueueRoom}): the map is what a fan picks from once admitted.
 */
@RestController
class SeatMapController {

    record SeatView(UUID seatId, int seatNumber, String grade, long price, SeatStatus status) {
    }

    record SeatMap(UUID scheduleId, int totalSeats, int availableSeats, List<SeatView> seats) {
    }

    private final Reservations reservations;
    private final RecentReads<UUID, SeatMap> recentMaps;

    SeatMapController(Reservations reservations,
                      @Value("${reservation.seat-map.max-age:500ms}") Duration maxAge) {
        this.reservations = reservations;
        // a map of 500 seats is ~100 KB of views: a few hundred schedules on sale at once is plenty
        this.recentMaps = new RecentReads<>(maxAge, 256);
    }

    @GetMapping("/api/v1/schedules/{scheduleId}/seats")
    SeatMap seats(@PathVariable UUID scheduleId, QueueRoom room) {
        room.admits(scheduleId);
        return recentMaps.get(scheduleId, this::read)
                .orElseThrow(() -> ApiProblem.notFound("SCHEDULE_NOT_FOUND", "no schedule " + scheduleId));
    }

    private Optional<SeatMap> read(UUID scheduleId) {
        return reservations.seatMap(scheduleId).map(found -> {
            List<SeatView> seats = found.stream()
                    .map(s -> new SeatView(s.id(), s.seatNumber(), s.grade(), s.price(), s.status())).toList();
            int available = (int) seats.stream().filter(s -> s.status() == SeatStatus.AVAILABLE).count();
            return new SeatMap(scheduleId, seats.size(), available, seats);
        });
    }
}
