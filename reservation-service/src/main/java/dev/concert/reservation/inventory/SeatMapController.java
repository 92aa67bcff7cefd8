package dev.concert.reservation.inventory;

import java.util.List;
import java.util.UUID;

import dev.concert.platform.web.ApiProblem;
import dev.concert.platform.web.QueueRoom;
import dev.concert.reservation.reservation.Reservations;
import dev.concert.reservation.reservation.SeatStatus;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The seat map of a schedule with live status. A seat whose hold deadline has passed shows HELD until the expiry job
 * releases it (within one job period): the map shows what a hold attempt would meet, never a seat that would 409.
 * Only shown in the waiting room of the schedule's sale ({@link QueueRoom}): the map is what a fan picks from once
 * admitted, and the live status of every seat is the expensive read the queue protects.
 */
@RestController
class SeatMapController {

    record SeatView(UUID seatId, int seatNumber, String grade, long price, SeatStatus status) {
    }

    record SeatMap(UUID scheduleId, int totalSeats, int availableSeats, List<SeatView> seats) {
    }

    private final Reservations reservations;

    SeatMapController(Reservations reservations) {
        this.reservations = reservations;
    }

    @GetMapping("/api/v1/schedules/{scheduleId}/seats")
    SeatMap seats(@PathVariable UUID scheduleId, QueueRoom room) {
        room.admits(scheduleId);
        List<SeatView> seats = reservations.seatMap(scheduleId)
                .orElseThrow(() -> ApiProblem.notFound("SCHEDULE_NOT_FOUND", "no schedule " + scheduleId))
                .stream().map(s -> new SeatView(s.id(), s.seatNumber(), s.grade(), s.price(), s.status())).toList();
        int available = (int) seats.stream().filter(s -> s.status() == SeatStatus.AVAILABLE).count();
        return new SeatMap(scheduleId, seats.size(), available, seats);
    }
}
