package dev.concert.accesstoken;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccountIdsTest {

    @Test
    void the_platforms_own_provider_names_the_account_by_its_subject() {
        UUID id = UUID.randomUUID();
        assertThat(AccountIds.of("https://id.example", id.toString(), true)).isEqualTo(id);
    }

    @Test
    void another_provider_cannot_speak_for_an_account_by_using_its_id_as_subject() {
        UUID victim = UUID.randomUUID();
        assertThat(AccountIds.of("https://partner.example", victim.toString(), false)).isNotEqualTo(victim);
    }

    @Test
    void the_same_subject_at_two_providers_is_two_accounts() {
        assertThat(AccountIds.of("https://a.example", "auth0|42", false))
                .isNotEqualTo(AccountIds.of("https://b.example", "auth0|42", false))
                .isEqualTo(AccountIds.of("https://a.example", "auth0|42", false));
    }

    @Test
    void a_shortened_uuid_is_not_an_account_id() {
        assertThatThrownBy(() -> AccountIds.of("https://id.example", "1-2-3-4-5", true))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AccountIds.of("https://id.example", " ", true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
