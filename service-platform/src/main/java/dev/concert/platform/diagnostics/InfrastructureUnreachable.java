package dev.concert.platform.diagnostics;

import java.net.ConnectException;
import java.sql.SQLException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Turns "the database is not there" at start-up into two readable lines instead of a wall of stack traces.
 */
public class InfrastructureUnreachable implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String name = t.getClass().getName();
            if (name.endsWith("CommunicationsException") || (t instanceof SQLException sql
                    && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                return new FailureAnalysis(
                        "Cannot connect to the service's MySQL/MariaDB database: " + t.getMessage(),
                        "Start the infrastructure with 'scripts/infra-up.sh', or point DB_URL / DB_USER / DB_PASSWORD "
                                + "at a reachable MySQL 8 or MariaDB 10.11 server.", failure);
            }
            if (t instanceof SQLException sql && sql.getErrorCode() == 1049) {
                return new FailureAnalysis("The service's database does not exist: " + t.getMessage(),
                        "Create it with 'scripts/infra-up.sh' or add createDatabaseIfNotExist=true to DB_URL.",
                        failure);
            }
            if (name.endsWith("RedisConnectionFailureException") || name.endsWith("RedisConnectionException")) {
                return new FailureAnalysis("Cannot connect to Redis: " + t.getMessage(),
                        "Start the infrastructure with 'scripts/infra-up.sh', or set REDIS_HOST / REDIS_PORT.",
                        failure);
            }
            if (t instanceof ConnectException) {
                return new FailureAnalysis("A required server refused the connection: " + t.getMessage(),
                        "Start the infrastructure with 'scripts/infra-up.sh' and check the *_URL / *_HOST settings.",
                        failure);
            }
        }
        return null;
    }
}
