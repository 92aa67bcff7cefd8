package dev.concert.wallet.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TransactionPageTest {

    @Test
    void a_page_starts_after_the_rows_of_the_pages_before_it() {
        assertThat(new TransactionPage(0, 20).offset()).isZero();
        assertThat(new TransactionPage(3, 20).offset()).isEqualTo(60);
        assertThat(new TransactionPage(TransactionPage.MAX_PAGE, TransactionPage.MAX_SIZE).offset())
                .isEqualTo(1_000_000);
    }

    @ParameterizedTest
    @CsvSource({"-1,20", "10001,20", "0,0", "0,-5", "0,101"})
    void pages_and_sizes_out_of_bounds_are_refused(int page, int size) {
        assertThatThrownBy(() -> new TransactionPage(page, size)).isInstanceOf(TransactionPage.InvalidPage.class);
    }
}
