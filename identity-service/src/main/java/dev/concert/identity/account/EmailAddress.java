package dev.concert.identity.account;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An account's email as it is stored and looked up: trimmed and lower-cased, so {@code Fan@Example.com } and
 * {@code fan@example.com} are one account. The check is deliberately loose (one @, a dot in the domain, no spaces):
 * only a mail sent to it could prove more.
 */
public final class EmailAddress {

    private static final int MAX_LENGTH = 254;
    private static final Pattern SHAPE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private EmailAddress() {
    }

    public static String normalized(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    public static boolean valid(String normalized) {
        return normalized != null && normalized.length() <= MAX_LENGTH && SHAPE.matcher(normalized).matches();
    }
}
