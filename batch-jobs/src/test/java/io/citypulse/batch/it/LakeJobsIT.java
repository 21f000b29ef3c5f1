package io.citypulse.batch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.batch.compact.CompactJob;
import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.batch.reconcile.ReconcileJob;
import io.citypulse.batch.views.BatchViewsJob;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Compaction, batch views and reconciliation over a lake made of several small ingest runs. */
@ExtendWith(LocalStackExtension.class)
class LakeJobsIT {

    /** Two hours of readings ending a minute ago: the views, the horizon and lateness follow from them, not the date. */
    private static final Instant START = PlatformClock.now().truncatedTo(ChronoUnit.MINUTES).minus(121, ChronoUnit.MINUTES);
    private static TestLake lake;
    private static SparkSession spark;
    private static final List<SensorReading> READINGS = new ArrayList<>();

    @BeforeAll
    static void buildLake(LocalStack stack) throws Exception {
        lake = new TestLake(stack);
        spark = lake.spark();
        lake.reset(spark);
        // Three ingest runs of 40 one-minute readings each: three small files per touched hour partition.
        for (int batch = 0; batch < 3; batch++) {
            for (SensorType type : SensorType.all()) {
                List<SensorReading> readings = TestReadings.of(type, 3, START.plus(batch * 40L, ChronoUnit.MINUTES),
                        60_000, 40, batch * 10 + type.index());
                lake.produceOnTime(readings, Duration.ofSeconds(1));
                READINGS.addAll(readings);
            }
            lake.run(new IngestJob(), spark);
        }
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void batchViewsEqualAnIndependentComputationAndSetTheHorizon() throws Exception {
        JobSummary summary = lake.run(new BatchViewsJob(), spark);

        Map<String, double[]> expected = new TreeMap<>();
        for (SensorReading r : READINGS) {
            Instant hour = r.eventTime().truncatedTo(ChronoUnit.HOURS);
            r.measures().forEach((measure, value) -> expected.merge(r.sensorId() + "|" + hour + "|" + measure,
                    new double[] {1, value, value, value},
                    (a, b) -> new double[] {a[0] + b[0], Math.min(a[1], b[1]), Math.max(a[2], b[2]), a[3] + b[3]}));
        }
        Map<String, double[]> actual = new TreeMap<>();
        try (Connection db = lake.connect(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT sensor_id, hour_start, measure, count, min, max, sum FROM batch_sensor_hourly")) {
            while (rs.next()) {
                actual.put(rs.getString(1) + "|" + rs.getTimestamp(2).toInstant() + "|" + rs.getString(3),
                        new double[] {rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)});
            }
        }
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        expected.forEach((key, e) -> assertThat(actual.get(key)).as(key).containsExactly(e, org.assertj.core.data.Offset.offset(1e-6)));
        // Daily zone view: count per zone/type/day/measure equals the readings of that zone.
        Map<String, Long> zoneCounts = new HashMap<>();
        READINGS.forEach(r -> r.measures().keySet().forEach(m -> zoneCounts.merge(r.zone() + "|" + r.sensorType().wireName()
                + "|" + r.eventTime().truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10) + "|" + m, 1L, Long::sum)));
        Map<String, Long> zoneActual = new HashMap<>();
        try (Connection db = lake.connect(); Statement st = db.createStatement();
             ResultSet rs = st.executeQuery("SELECT zone_id, sensor_type, day, measure, count FROM batch_zone_daily")) {
            while (rs.next()) {
                zoneActual.put(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getDate(3) + "|" + rs.getString(4), rs.getLong(5));
            }
        }
        assertThat(zoneActual).isEqualTo(zoneCounts);
        Instant last = READINGS.stream().map(SensorReading::eventTime).max(Instant::compareTo).orElseThrow();
        assertThat(lake.count("SELECT extract(epoch FROM horizon)::bigint FROM batch_horizon"))
                .isLessThanOrEqualTo(last.getEpochSecond()).isGreaterThan(last.getEpochSecond() - 2 * 3600);
        assertThat(summary.get("late_rows")).isZero();
    }

    @Test
    void compactionKeepsEveryRowAndReconcileStillPasses() {
        List<String> before = rows();
        int filesBefore = lake.liveFiles(LakePaths.EVENTS).size();

        JobSummary summary = lake.run(CompactJob.withTarget(128), spark);

        List<LakeFile> after = lake.liveFiles(LakePaths.EVENTS);
        assertThat(summary.get("files_removed")).isGreaterThan(0);
        assertThat(after.size()).isLessThan(filesBefore);
        assertThat(rows()).containsExactlyInAnyOrderElementsOf(before);
        assertThat(lake.objects(spark)).containsExactlyInAnyOrderElementsOf(after.stream().map(LakeFile::key).toList());

        ReconcileJob reconcile = new ReconcileJob();
        JobSummary check = lake.run(reconcile, spark);
        assertThat(reconcile.problems()).isEmpty();
        assertThat(check.ok()).isTrue();
    }

    @Test
    void reconcileFailsWhenALakeFileIsDeleted() {
        ReconcileJob reconcile = new ReconcileJob();
        assertThat(lake.run(reconcile, spark).ok()).isTrue();
        LakeFile victim = lake.liveFiles(LakePaths.EVENTS).get(0);
        byte[] backup = copy(victim.key());
        lake.store(spark).delete(victim.key());
        try {
            JobSummary summary = lake.run(reconcile, spark);
            assertThat(summary.ok()).isFalse();
            assertThat(reconcile.problems()).anyMatch(p -> p.startsWith("lake file missing: " + victim.key()));
            assertThat(reconcile.problems()).anyMatch(p -> p.contains("Kafka") && p.contains("!= lake"));
        } finally {
            restore(victim.key(), backup);
        }
    }

    /** Every event row as text, for multiset comparisons. */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (LakeFile f : lake.liveFiles(LakePaths.EVENTS)) {
            spark.read().parquet(lake.store(spark).paths().uri(f.key())).collectAsList().forEach((Row r) -> rows.add(r.toString()));
        }
        return rows;
    }

    private static byte[] copy(String key) {
        try (var in = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create("s3a://" + lake.config.s3Bucket() + "/"),
                spark.sparkContext().hadoopConfiguration()).open(new org.apache.hadoop.fs.Path(lake.store(spark).paths().uri(key)))) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void restore(String key, byte[] bytes) {
        try (var out = org.apache.hadoop.fs.FileSystem.get(java.net.URI.create("s3a://" + lake.config.s3Bucket() + "/"),
                spark.sparkContext().hadoopConfiguration()).create(new org.apache.hadoop.fs.Path(lake.store(spark).paths().uri(key)))) {
            out.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
