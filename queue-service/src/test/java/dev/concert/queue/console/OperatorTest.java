package dev.concert.queue.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class OperatorTest {

    @Test
    void a_name_the_page_percent_encoded_reads_as_typed_in_the_audit_log() {
        String encoded = URLEncoder.encode("김 운영자", StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(Operator.of(encoded, "10.0.0.7")).hasToString("김 운영자@10.0.0.7");
    }

    @Test
    void a_name_cannot_break_the_log_line() {
        assertThat(Operator.of("eve%0Afake audit line", null).name()).isEqualTo("evefake audit line");
        assertThat(Operator.of("%E0%A4%A", "1.2.3.4").name()).as("not decodable: kept, unsafe parts dropped")
                .isEqualTo("E0A4A");
        assertThat(Operator.of(null, null)).hasToString("unnamed@unknown");
    }
}
