package dev.concert.identity.keys;

import dev.concert.identity.web.ApiProblem;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The admin key's rules, without a server. Milliseconds. */
class AdminKeyTest {

    private static MockHttpServletRequest presenting(String key) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/admin/keys/rotation");
        if (key != null) {
            request.addHeader(AdminKey.HEADER, key);
        }
        return request;
    }

    @Test
    void without_a_configured_key_the_admin_api_is_closed_to_everyone() {
        assertThatThrownBy(() -> new AdminKey("").preHandle(presenting("anything"), new MockHttpServletResponse(), null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status().value()).isEqualTo(403);
                    assertThat(p.code()).isEqualTo("ADMIN_API_DISABLED");
                });
    }

    @Test
    void the_configured_key_opens_it_a_wrong_or_missing_one_does_not() {
        AdminKey admin = new AdminKey("s3cret");
        assertThat(admin.preHandle(presenting("s3cret"), new MockHttpServletResponse(), null)).isTrue();
        assertThatThrownBy(() -> admin.preHandle(presenting("s3cret!"), new MockHttpServletResponse(), null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("ADMIN_KEY_INVALID"));
        assertThatThrownBy(() -> admin.preHandle(presenting(null), new MockHttpServletResponse(), null))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.code()).isEqualTo("ADMIN_KEY_REQUIRED"));
    }

    @Test
    void the_shipped_placeholder_key_refuses_to_start_naming_ADMIN_KEY() {
        // infra/k8s/base/config.yaml ships ADMIN_KEY: change-me
        assertThatThrownBy(() -> new AdminKey("change-me")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ADMIN_KEY").hasMessageContaining("placeholder");
    }
}
