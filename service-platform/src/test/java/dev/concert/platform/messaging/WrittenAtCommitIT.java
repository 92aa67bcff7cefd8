package dev.concert.platform.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import dev.concert.platform.persistence.WrittenAtCommit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Rows written at a transaction's commit, on the real database: together, in order, never lost silently. */
@SpringBootTest
class WrittenAtCommitIT {

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    // a plain JDBC transaction manager: it has savepoints for the nested case
    TransactionTemplate tx;
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final WrittenAtCommit<String> rows = new WrittenAtCommit<>(this::insert);

    @BeforeEach
    void table() {
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        jdbc.sql("CREATE TABLE IF NOT EXISTS written_at_commit_row (id VARCHAR(40) PRIMARY KEY)").update();
    }

    private void insert(List<String> ids) {
        batches.add(List.copyOf(ids));
        jdbc.sql("INSERT INTO written_at_commit_row (id) VALUES " + String.join(", ",
                Collections.nCopies(ids.size(), "(?)"))).params(new ArrayList<Object>(ids)).update();
    }

    private boolean stored(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM written_at_commit_row WHERE id = ?").param(id).query(Long.class)
                .single() == 1;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void the_rows_of_a_transaction_are_written_in_one_call_at_its_commit_in_the_order_they_were_added() {
        List<String> ids = List.of(id(), id(), id());

        tx.executeWithoutResult(status -> {
            ids.forEach(rows::add);
            assertThat(batches).as("nothing before the commit").isEmpty();
        });

        assertThat(batches).containsExactly(ids);
        assertThat(ids).allMatch(this::stored);
    }

    @Test
    void a_row_added_outside_a_transaction_is_refused() {
        assertThatThrownBy(() -> rows.add(id())).isInstanceOf(IllegalStateException.class);
        assertThat(batches).isEmpty();
    }

    @Test
    void a_row_added_by_another_writer_while_it_writes_at_the_commit_is_written_too() {
        String late = id();
        WrittenAtCommit<String> first = new WrittenAtCommit<>(ids -> {
            insert(ids);
            rows.add(late); // e.g. a settled payment's callback appending an event
        });
        String early = id();

        tx.executeWithoutResult(status -> first.add(early));

        assertThat(stored(early)).isTrue();
        assertThat(stored(late)).isTrue();
    }

    @Test
    void rolling_back_to_a_savepoint_set_before_rows_a_flush_wrote_fails_instead_of_losing_them() {
        TransactionTemplate nested = new TransactionTemplate(tx.getTransactionManager());
        nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        String before = id();

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            rows.add(before);
            nested.executeWithoutResult(inner -> {
                rows.flush(); // a read in the nested section wants the rows written
                inner.setRollbackOnly();
            });
        })).isInstanceOf(IllegalStateException.class);

        assertThat(stored(before)).isFalse();
    }

    @Test
    void a_failed_flush_fails_the_commit_even_when_its_caller_caught_it() {
        String first = id();
        String again = id();

        assertThatThrownBy(() -> tx.executeWithoutResult(status -> {
            rows.add(first);
            rows.add(first); // the same key twice: the insert fails
            try {
                rows.flush();
            } catch (RuntimeException caught) {
                // a caller that goes on regardless
            }
            rows.add(again);
        })).isInstanceOf(RuntimeException.class);

        assertThat(stored(first)).isFalse();
        assertThat(stored(again)).isFalse();
    }
}
