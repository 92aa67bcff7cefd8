package dev.concert.platform.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.sql.SQLException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

class ProblemResponsesTest {

    @RestController
    static class FailingDatabase {
        @GetMapping("/fail/{how}")
        String fail(@PathVariable String how) {
            throw switch (how) {
                case "reset-mid-statement" -> new RecoverableDataAccessException("Communications link failure");
                case "no-connection" -> new CannotCreateTransactionException("Could not open JDBC Connection");
                // what a payment's insert met in the fault matrix: the statement's connection reset, then the
                // rollback on the dropped connection failed and replaced the first exception
                case "rollback-on-a-dropped-connection" -> new TransactionSystemException("JDBC rollback failed",
                        new SQLException("Connection is closed"));
                default -> new IllegalStateException(how);
            };
        }
    }

    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new FailingDatabase())
            .setControllerAdvice(new ProblemResponses()).build();

    @ParameterizedTest
    @ValueSource(strings = {"reset-mid-statement", "no-connection", "rollback-on-a-dropped-connection"})
    void a_database_that_went_away_is_a_503_to_retry_never_a_500(String how) throws Exception {
        mvc.perform(get("/fail/" + how))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.code").value("DATABASE_UNAVAILABLE"));
    }
}
