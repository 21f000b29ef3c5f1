package io.citypulse.batch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.batch.compact.CompactJob;
import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.reconcile.ReconcileJob;
import io.citypulse.batch.views.BatchViewsJob;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobRunnerTest {

    @Test
    void badArgumentIsAUsageErrorThatNamesIt() {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(JobRunner.main(new CompactJob(), new String[] {"--target-file-mb", "big"})).isEqualTo(2);
            assertThat(JobRunner.main(new IngestJob(), new String[] {"--form", "x"})).isEqualTo(2);
            assertThat(JobRunner.main(new IngestJob(), new String[] {"--max-records-per-partition", "0"})).isEqualTo(2);
            assertThat(JobRunner.main(new ReconcileJob(), new String[] {"--ingest-period-minutes", "-5"})).isEqualTo(2);
            assertThat(JobRunner.main(new BatchViewsJob(), new String[] {"--late-threshold-seconds", "-1"})).isEqualTo(2);
        } finally {
            System.setErr(original);
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--target-file-mb").contains("'big'").contains("--form")
                .contains("--max-records-per-partition must be at least 1, got 0")
                .contains("--ingest-period-minutes must not be negative: -5")
                .contains("--late-threshold-seconds must not be negative: -1");
    }

    @Test
    void missingEnvironmentVariableIsNamed() {
        assertThatThrownBy(() -> JobConfig.fromEnvironment(Map.of("CITYPULSE_KAFKA_BOOTSTRAP", "localhost:9092")))
                .hasMessage("CITYPULSE_S3_ENDPOINT is not set");
    }
}
