package dev.concert.queue.status;

import tools.jackson.databind.json.JsonMapper;

import dev.concert.queue.Caller;
import dev.concert.queuestatus.StatusResponse;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

@RestController
@RequestMapping("/api/v1/queue/status")
class StatusController {

    private final StatusReader reader;
    private final StatusStream stream;
    private final JsonMapper json;

    StatusController(StatusReader reader, StatusStream stream, JsonMapper json) {
        this.reader = reader;
        this.stream = stream;
        this.json = json;
    }

    /**
     * The hottest call of the system (every waiting client polls it). Serialized here so that the answer goes out
     * with a Content-Length instead of chunked, which is measurably cheaper for Tomcat and the gateway alike.
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> status(Caller caller) {
        byte[] body = json.writeValueAsBytes(StatusResponse.of(reader.statusOf(caller)));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).contentType(MediaType.APPLICATION_JSON)
                .contentLength(body.length).body(body);
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter statusStream(Caller caller) {
        return stream.open(caller);
    }
}
