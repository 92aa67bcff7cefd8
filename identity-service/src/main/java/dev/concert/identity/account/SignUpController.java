package dev.concert.identity.account;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

import dev.concert.identity.web.ClientAddress;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The public sign-up API; the gateway routes {@code POST /api/v1/accounts} here. */
@RestController
public class SignUpController {

    private final SignUp signUp;

    public SignUpController(SignUp signUp) {
        this.signUp = signUp;
    }

    @PostMapping(path = "/api/v1/accounts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SignUp.Account> signUp(@RequestBody SignUp.Request body, HttpServletRequest request) {
        SignUp.Account account = signUp.signUp(body, ClientAddress.of(request));
        URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(account.id())
                .toUri();
        return ResponseEntity.created(location).body(account);
    }
}
