package io.citypulse.batch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.batch.reconcile.ReconcileJob;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/**
 * Sequence gaps are data quality: reconcile reports them per type and settled hour, and fails on one only when
 * strict and the ground truth does not explain it. Three hours of one-minute readings ending now, appended on time;
 * traffic sensor 0 skips three readings two and a half hours ago (settled), sensor 1 one reading twenty minutes ago
 * (younger than the allowed lateness plus one ingest period: pending).
 */
@ExtendWith(LocalStackExtension.class)
class SequenceGapIT {

    private static final Instant END = PlatformClock.now().truncatedTo(ChronoUnit.MINUTES);
    private static final Instant START = END.minus(Duration.ofMinutes(180));
    private static final Instant SETTLED_GAP = END.minus(Duration.ofMinutes(150));
    private static final Instant PENDING_GAP = END.minus(Duration.ofMinutes(20));
    private static TestLake lake;
    private static SparkSession spark;
    private static String skipper;

    @BeforeAll
    static void ingestReadingsWithGaps(LocalStack stack) throws Exception {
        lake = new TestLake(stack);
        spark = lake.spark();
        lake.reset(spark);
        List<SensorReading> all = TestReadings.of(SensorType.TRAFFIC, 3, START, 60_000, 180, 7);
        skipper = all.get(0).sensorId();
        String late = all.get(1).sensorId();
        List<SensorReading> sent = new ArrayList<>();
        for (SensorReading r : all) {
            boolean skipped = r.sensorId().equals(skipper) && !r.eventTime().isBefore(SETTLED_GAP)
                    && r.eventTime().isBefore(SETTLED_GAP.plus(Duration.ofMinutes(3)));
            skipped |= r.sensorId().equals(late) && r.eventTime().equals(PENDING_GAP);
            if (!skipped) {
                sent.add(r);
            }
        }
        lake.produceOnTime(sent, Duration.ofSeconds(1));
        lake.run(new IngestJob(), spark);
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void forgetEarlierReports() throws Exception {
        lake.sql("TRUNCATE sequence_gap_hourly");
    }

    @Test
    void gapsAreReportedPerSettledHourAndDoNotFailTheRun() throws Exception {
        ReconcileJob reconcile = new ReconcileJob();
        JobSummary summary = lake.run(reconcile, spark);

        assertThat(reconcile.problems()).isEmpty();
        assertThat(summary.ok()).isTrue();
        assertThat(summary.get("missing_readings", "traffic")).isEqualTo(3);
        assertThat(summary.get("sequence_gaps")).isEqualTo(1);
        assertThat(summary.get("pending_gaps")).isEqualTo(1);
        assertThat(lake.count("SELECT sum(missing_readings) FROM sequence_gap_hourly WHERE sensor_type = 'traffic'")).isEqualTo(3);
        // Every settled hour that holds readings has its row, gaps or not; the hour of the pending gap has none.
        Instant cutoff = END.minusSeconds(60 - 1).minus(Duration.ofMinutes(62));
        long settledHours = Duration.between(START.truncatedTo(ChronoUnit.HOURS), cutoff.truncatedTo(ChronoUnit.HOURS)).toHours();
        assertThat(lake.count("SELECT count(*) FROM sequence_gap_hourly")).isEqualTo(settledHours);
        assertThat(lake.count("SELECT count(*) FROM sequence_gap_hourly WHERE hour_start >= '"
                + PENDING_GAP.truncatedTo(ChronoUnit.HOURS) + "'")).isZero();

        // A second run settles nothing new and changes nothing.
        JobSummary again = lake.run(new ReconcileJob(), spark);
        assertThat(again.get("settled_hours")).isZero();
        assertThat(lake.count("SELECT sum(missing_readings) FROM sequence_gap_hourly")).isEqualTo(3);
    }

    @Test
    void strictFailsOnASettledGapUntilTheGroundTruthExplainsIt() {
        ReconcileJob strict = strict();
        JobSummary failed = lake.run(strict, spark);

        assertThat(failed.ok()).isFalse();
        assertThat(strict.problems()).singleElement().asString()
                .startsWith("sequence gap " + skipper + " seq ").endsWith("not covered by a SILENT_SENSOR or MALFORMED label");

        InjectionLabel silent = new InjectionLabel("it-" + UUID.randomUUID(), InjectionKind.ANOMALY,
                AnomalyType.SILENT_SENSOR, skipper, SensorType.TRAFFIC, SETTLED_GAP, SETTLED_GAP.plus(Duration.ofMinutes(2)),
                null, "silenced by SequenceGapIT");
        byte[] value = Topics.GROUND_TRUTH.valueSerde().serializer().serialize(Topics.GROUND_TRUTH.name(), silent);
        lake.send(List.of(new ProducerRecord<>(Topics.GROUND_TRUTH.name(), skipper, value)));
        lake.sqlUnchecked("TRUNCATE sequence_gap_hourly");

        ReconcileJob explained = strict();
        assertThat(lake.run(explained, spark).ok()).isTrue();
        assertThat(explained.problems()).isEmpty();
    }

    private static ReconcileJob strict() {
        ReconcileJob job = new ReconcileJob();
        new CommandLine(job).parseArgs("--strict-sequences");
        return job;
    }
}
