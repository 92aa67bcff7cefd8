package dev.concert.queue.token;

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
     * 201 for a new token and for the user's existing live one alike (docs/design.md §3). The user is the signed-in
     * one; a body, if any, is ignored: nobody can ask for another user's place.
     */
    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<IssueTokenResponse> issue(SignedInUser user) {
        TokenIssuer.IssuedToken issued = issuer.issue(user.id());
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new IssueTokenResponse(issued.token(), issued.status().status(), issued.status().position(),
                        issued.status().estimatedWaitSeconds(), issued.status().pollAfterSeconds()));
    }

    /** Leaving is idempotent: 204 whether the token was waiting, ACTIVE or already gone. */
    @DeleteMapping("/me")
    ResponseEntity<Void> leave(Caller caller) {
        issuer.leave(caller);
        return ResponseEntity.noContent().build();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record IssueTokenResponse(String token, TokenState status, long position, long estimatedWaitSeconds,
                              int pollAfterSeconds) {
    }
}
