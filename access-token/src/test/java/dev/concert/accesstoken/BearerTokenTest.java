package dev.concert.accesstoken;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerTokenTest {

    /** Spring Security's DefaultBearerTokenResolver and ServerBearerTokenAuthenticationConverter, verbatim. */
    private static final Pattern SPRING = Pattern.compile("^Bearer (?<token>[a-zA-Z0-9-._~+/]+=*)$",
            Pattern.CASE_INSENSITIVE);

    @Test
    void a_bearer_header_gives_its_token() {
        assertThat(BearerToken.from("Bearer eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl")).isEqualTo("eyJhbGciOi.eyJzdWIi.c2lnbmF0dXJl");
        assertThat(BearerToken.from("bearer abc+/~_-.==")).isEqualTo("abc+/~_-.==");
        assertThat(BearerToken.from("BEARER x")).isEqualTo("x");
    }

    @Test
    void no_header_or_another_scheme_is_no_token() {
        assertThat(BearerToken.from(null)).isNull();
        assertThat(BearerToken.from("")).isNull();
        assertThat(BearerToken.from("Basic dXNlcjpwYXNz")).isNull();
        assertThat(BearerToken.from("Beare")).isNull();
    }

    @Test
    void a_malformed_bearer_header_is_refused() {
        for (String header : new String[] {"Bearer", "Bearer ", "Bearer  abc", "Bearer abc def", "Bearer ==",
                "Bearer abc=def", "Bearerabc", "Bearer abc\u00e9", "Bearer abc\n", "Bearer a,b", "Bearer a\"b"}) {
            assertThatThrownBy(() -> BearerToken.from(header)).as(header)
                    .isInstanceOf(OAuth2AuthenticationException.class)
                    .satisfies(e -> assertThat(((OAuth2AuthenticationException) e).getError().getErrorCode())
                            .isEqualTo("invalid_token"));
        }
    }

    @Test
    void refuses_and_accepts_exactly_what_springs_pattern_does() {
        Random random = new Random(16);
        String alphabet = "aZ09-._~+/= \t,;\"éBbEeAaRr";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder header = new StringBuilder(random.nextInt(4) == 0 ? "bEaReR" : "Bearer ");
            int length = random.nextInt(12);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String value = header.toString();
            Matcher spring = SPRING.matcher(value);
            if (spring.matches()) {
                assertThat(BearerToken.from(value)).as(value).isEqualTo(spring.group("token"));
            } else {
                assertThatThrownBy(() -> BearerToken.from(value)).as(value)
                        .isInstanceOf(OAuth2AuthenticationException.class);
            }
        }
    }
}
