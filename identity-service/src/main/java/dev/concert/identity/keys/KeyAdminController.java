package dev.concert.identity.keys;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/keys}: list the signing keys, rotate them. Every call needs the admin key ({@link AdminKey}). */
@RestController
public class KeyAdminController {

    private final SigningKeys keys;

    public KeyAdminController(SigningKeys keys) {
        this.keys = keys;
    }

    public record Rotated(String kid) {
    }

    @PostMapping("/admin/keys/rotation")
    @ResponseStatus(HttpStatus.CREATED)
    Rotated rotate() {
        return new Rotated(keys.rotate().kid());
    }

    @GetMapping("/admin/keys")
    List<SigningKeys.KeyView> list() {
        return keys.list();
    }
}
