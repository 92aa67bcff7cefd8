package dev.concert.platform.persistence;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.Dialect;
import org.hibernate.dialect.MariaDBDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Picks the right dialect for a MariaDB server reached through MySQL's Connector/J. The driver reports it as MySQL
 * "5.5.5-10.11.14-MariaDB-…", which Hibernate's own resolver takes for an unsupported MySQL 5.5 (and renders
 * MySQL-8-only SQL such as {@code FOR UPDATE OF alias}). A MySQL server falls through to the standard resolution.
 * Registered for every service with {@code hibernate.dialect_resolvers} in platform-defaults.yml.
 */
public class MariaDbBehindConnectorJ implements DialectResolver {

    private static final Pattern MARIADB = Pattern.compile("(?:5\\.5\\.5-)?(\\d+)\\.(\\d+)\\.(\\d+)-MariaDB.*");

    @Override
    public Dialect resolveDialect(DialectResolutionInfo info) {
        return mariaDbVersion(info.getDatabaseVersion()).map(MariaDBDialect::new).orElse(null);
    }

    static java.util.Optional<DatabaseVersion> mariaDbVersion(String reported) {
        if (reported == null) {
            return java.util.Optional.empty();
        }
        Matcher m = MARIADB.matcher(reported);
        if (!m.matches()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(DatabaseVersion.make(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3))));
    }
}
