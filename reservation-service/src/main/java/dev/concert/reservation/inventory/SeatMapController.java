package dev.concert.reservation.inventory;

import java.util.List;
import java.util.UUID;

import dev.concert.platform.web.ApiProblem;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seat map of a schedule with live status. A seat whose hold deadline has passed shows HELD until the expiry job
 * releases it (within one job period): the map shows what a hold attempt would meet, never a seat that would 409.
 */
@RestController
public class SeatMapController {

    public record SeatMap(UUID scheduleId, int totalSeats, int availableSeats, List<InventoryRepository.SeatView> seats) {
    }

    private final InventoryRepository inventory;

    public SeatMapController(InventoryRepository inventory) {
        this.inventory = inventory;
    }

    @GetMapping("/api/v1/schedules/{scheduleId}/seats")
    public SeatMap seats(@PathVariable UUID scheduleId) {
        List<InventoryRepository.SeatView> seats = inventory.seatMap(scheduleId)
                .orElseThrow(() -> ApiProblem.notFound("SCHEDULE_NOT_FOUND", "no schedule " + scheduleId));
        int available = (int) seats.stream().filter(s -> s.status() == SeatStatus.AVAILABLE).count();
        return new SeatMap(scheduleId, seats.size(), available, seats);
    }
}
