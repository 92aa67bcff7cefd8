package dev.concert.queue.room;

import java.util.List;
import java.util.UUID;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operators see and steer each room (behind the admin key, like every {@code /admin/**} path): its length, ACTIVE
 * count and admission rate; its opening, capacity and rate; pause and resume; open now.
 */
@RestController
@RequestMapping("/admin/rooms")
class RoomAdminController {

    private final Rooms rooms;

    RoomAdminController(Rooms rooms) {
        this.rooms = rooms;
    }

    @GetMapping
    List<Rooms.RoomView> all() {
        return rooms.all();
    }

    @GetMapping("/{roomId}")
    Rooms.RoomView one(@PathVariable UUID roomId) {
        return rooms.view(roomId);
    }

    @PutMapping("/{roomId}")
    Rooms.RoomView configure(@PathVariable UUID roomId, @RequestBody Rooms.RoomSettings settings) {
        rooms.configure(roomId, settings);
        return rooms.view(roomId);
    }

    @PostMapping("/{roomId}/pause")
    Rooms.RoomView pause(@PathVariable UUID roomId) {
        rooms.pause(roomId);
        return rooms.view(roomId);
    }

    @PostMapping("/{roomId}/resume")
    Rooms.RoomView resume(@PathVariable UUID roomId) {
        rooms.resume(roomId);
        return rooms.view(roomId);
    }

    @PostMapping("/{roomId}/open")
    Rooms.RoomView openNow(@PathVariable UUID roomId) {
        rooms.openNow(roomId);
        return rooms.view(roomId);
    }
}
