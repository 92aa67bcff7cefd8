package dev.concert.identity.account;

import java.util.List;
import java.util.UUID;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Sign-in looks accounts up by email, but the user it hands Spring Security is named by the account id: the
 * authenticated principal's name, and so every token's {@code sub}, is the account's UUID, which never changes (an
 * email may). A plain {@link User}, because the authorization stored in the database keeps it as JSON and only
 * Spring Security's own types are allowed there.
 */
@Service
public class AccountDirectory implements UserDetailsService, UserDetailsPasswordService {

    private static final List<SimpleGrantedAuthority> FAN = List.of(new SimpleGrantedAuthority("ROLE_FAN"));

    private final Accounts accounts;

    public AccountDirectory(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.findByEmail(EmailAddress.normalized(email))
                .map(account -> new User(account.id().toString(), account.passwordHash(), FAN))
                .orElseThrow(() -> new UsernameNotFoundException("no such account"));
    }

    /** Re-hashes at sign-in when the configured cost went up (DelegatingPasswordEncoder.upgradeEncoding). */
    @Override
    public UserDetails updatePassword(UserDetails user, String newPasswordHash) {
        accounts.updatePasswordHash(UUID.fromString(user.getUsername()), newPasswordHash);
        return User.withUserDetails(user).password(newPasswordHash).build();
    }
}
