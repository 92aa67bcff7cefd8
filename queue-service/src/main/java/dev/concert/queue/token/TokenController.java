package dev.concert.queue.token;

import java.time.Instant;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.concert.platform.web.SignedInUser;
import dev.concert.queue.Caller;
import dev.concert.queuestatus.TokenState;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/queue/tokens")
class TokenController {

    private final TokenIssuer issuer;

    TokenController(TokenIssuer issuer) {
        this.issuer = issuer;
    }

    /**
     * A place in the waiting room of a schedule's sale: 201 for a new token and for the user's existing live one in
     * that room alike (docs/design.md §3). The user is the signed-in one: nobody can ask for another user's place.
     * An unknown room is 404 ROOM_NOT_FOUND.
     */
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssueTokenResponse> issue(SignedInUser user, @Valid @RequestBody IssueTokenRequest request) {
        TokenIssuer.IssuedToken issued = issuer.issue(user.id(), request.roomId());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new IssueTokenResponse(issued.token(), issued.room(), issued.status().status(),
                        issued.status().position(), issued.status().estimatedWaitSeconds(),
                        issued.status().pollAfterSeconds(), issued.status().opensAt()));
    }

    /** @param roomId the waiting room: the id of the schedule whose seats the fan wants */
    record IssueTokenRequest(@NotNull UUID roomId) {
    }

    /** Leaving is idempotent: 204 whether the token was waiting, ACTIVE or already gone. */
    @DeleteMapping("/me")
    ResponseEntity<Void> leave(Caller caller) {
        issuer.leave(caller);
        return ResponseEntity.noContent().build();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssueTokenResponse(String token, UUID roomId, TokenState status, long position,
                              long estimatedWaitSeconds, int pollAfterSeconds, Instant opensAt) {
    }
}
