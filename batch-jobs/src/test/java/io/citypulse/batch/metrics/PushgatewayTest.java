package io.citypulse.batch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PushgatewayTest {

    @Test
    void successPushesEveryFigureAndTheLastSuccessTime() {
        JobSummary summary = new JobSummary("ingest").put("rows", 10L).put("bytes", 2048L).put("files", 2);

        String body = Pushgateway.body(summary, 1_700_000_000L);

        assertThat(body).contains("citypulse_batch_rows 10.0\n", "citypulse_batch_bytes 2048.0\n", "citypulse_batch_files 2.0\n",
                "# TYPE citypulse_batch_duration_seconds gauge\n", "citypulse_batch_last_success_timestamp_seconds 1.7E9\n");
        assertThat(summary.line()).startsWith("SUMMARY job=ingest status=ok rows=10 bytes=2048 files=2 duration_s=");
    }

    @Test
    void aPerTypeFigureIsOneGaugeWithASensorTypeLabel() {
        JobSummary summary = new JobSummary("reconcile").put("missing_readings", "traffic", 3L).put("missing_readings", "energy", 0L);

        assertThat(Pushgateway.body(summary, 5)).contains("# TYPE citypulse_batch_missing_readings gauge\n"
                + "citypulse_batch_missing_readings{sensor_type=\"traffic\"} 3.0\n"
                + "citypulse_batch_missing_readings{sensor_type=\"energy\"} 0.0\n");
        assertThat(summary.line()).contains(" missing_readings[traffic]=3 missing_readings[energy]=0 ");
    }

    @Test
    void failureOnlyRecordsTheFailureTime() {
        JobSummary summary = new JobSummary("reconcile");
        summary.fail("2 problems");

        assertThat(Pushgateway.body(summary, 5)).isEqualTo("# HELP citypulse_batch_last_failure_timestamp_seconds end of the "
                + "last failed run\n# TYPE citypulse_batch_last_failure_timestamp_seconds gauge\n"
                + "citypulse_batch_last_failure_timestamp_seconds 5.0\n");
    }
}
