package dev.concert.queue.console;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Who acts in the console, for the audit log: the name the operator gave the page (header {@code X-Operator}; the
 * admin key itself is shared, so the name is a statement, not a proof) and the address the request came from.
 */
record Operator(String name, String address) {

    static final String HEADER = "X-Operator";
    private static final Pattern UNSAFE = Pattern.compile("[^\\p{L}\\p{N} ._@-]");

    /** Keeps the log line one line and readable whatever the header holds. */
    static Operator of(String presentedName, String address) {
        String name = presentedName == null ? "" : UNSAFE.matcher(decoded(presentedName)).replaceAll("").strip();
        if (name.length() > 64) {
            name = name.substring(0, 64);
        }
        return new Operator(name.isEmpty() ? "unnamed" : name, address == null ? "unknown" : address);
    }

    /** The page percent-encodes the name (a header value must be Latin-1); a name that is not encoded stays as is. */
    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    @Override
    public String toString() {
        return name + "@" + address;
    }
}
