package io.citypulse.batch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.ingest.OffsetPlan;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeSchema;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(LocalStackExtension.class)
class IngestIT {

    private static final Instant START = Instant.parse("2026-11-21T06:30:00Z");
    private static TestLake lake;
    private static SparkSession spark;

    @BeforeAll
    static void startSpark(LocalStack stack) {
        lake = new TestLake(stack);
        spark = lake.spark();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @BeforeEach
    void cleanSlate() throws Exception {
        lake.reset(spark);
    }

    /** 5 traffic, 2 weather, 4 energy sensors, 90 one-minute readings each: 06:30 to 07:59, two hour partitions. */
    static List<SensorReading> produceCity(TestLake lake) {
        List<SensorReading> all = new ArrayList<>();
        List<SensorType> types = List.of(SensorType.TRAFFIC, SensorType.WEATHER, SensorType.ENERGY);
        int[] sensors = {5, 2, 4};
        for (int t = 0; t < types.size(); t++) {
            SensorType type = types.get(t);
            List<SensorReading> readings = TestReadings.of(type, sensors[t], START, 60_000, 90, t);
            lake.produce(Topics.readings(type).name(), readings.stream()
                    .map(r -> Map.entry(r.sensorId(), ReadingCodec.encode(r))).toList());
            all.addAll(readings);
        }
        return all;
    }

    @Test
    void ingestsValidReadingsOnceQuarantinesBadOnesAndDropsDuplicates(@TempDir Path tmp) throws Exception {
        List<SensorReading> readings = produceCity(lake);
        SensorReading first = readings.get(0);
        String traffic = Topics.readings(SensorType.TRAFFIC).name();
        lake.produce(traffic, List.of(
                Map.entry(first.sensorId(), ReadingCodec.encode(first)),              // a re-sent duplicate
                Map.entry(first.sensorId(), "not json".getBytes(StandardCharsets.UTF_8)),
                Map.entry(first.sensorId(), new String(ReadingCodec.encode(first), StandardCharsets.UTF_8)
                        .replace("\"seq\":", "\"seq\":-").getBytes(StandardCharsets.UTF_8))));

        JobSummary summary = lake.run(new IngestJob(), spark);

        assertThat(summary.get("rows")).isEqualTo(readings.size());
        assertThat(summary.get("records_read")).isEqualTo(readings.size() + 3);
        assertThat(summary.get("rows_quarantined")).isEqualTo(2);
        assertThat(summary.get("duplicates_dropped")).isEqualTo(1);
        List<LakeFile> events = lake.liveFiles(LakePaths.EVENTS);
        assertThat(events).extracting(f -> f.sensorType() + "/" + f.date() + "/" + f.hour()).contains(
                "traffic/2026-11-21/6", "traffic/2026-11-21/7", "weather/2026-11-21/6", "energy/2026-11-21/7");
        assertThat(events.stream().mapToLong(LakeFile::rows).sum()).isEqualTo(readings.size());
        assertThat(lake.objects(spark)).containsExactlyInAnyOrderElementsOf(
                java.util.stream.Stream.concat(events.stream(), lake.liveFiles(LakePaths.QUARANTINE).stream())
                        .map(LakeFile::key).toList());
        assertThat(lake.count("SELECT sum(records) FROM ingest_range")).isEqualTo(readings.size() + 3);
        long sourceBytes = readings.stream().mapToLong(r -> ReadingCodec.encode(r).length).sum()
                + ReadingCodec.encode(first).length + "not json".length()
                + ReadingCodec.encode(first).length + 1;  // the re-sent duplicate, the malformed one, the negative seq
        assertThat(lake.count("SELECT sum(source_bytes) FROM ingest_range")).isEqualTo(sourceBytes);
        assertThat(lake.count("SELECT count(*) FROM ingest_run WHERE status = 'committed'")).isEqualTo(1);

        // A reader that is not Spark: DuckDB on local copies of the traffic files.
        List<Path> local = new ArrayList<>();
        FileSystem fs = FileSystem.get(java.net.URI.create("s3a://" + lake.config.s3Bucket() + "/"),
                spark.sparkContext().hadoopConfiguration());
        for (LakeFile f : events) {
            if (f.sensorType().equals("traffic")) {
                Path target = tmp.resolve(local.size() + ".parquet");
                fs.copyToLocalFile(new org.apache.hadoop.fs.Path(lake.store(spark).paths().uri(f.key())),
                        new org.apache.hadoop.fs.Path(target.toUri()));
                local.add(target);
            }
        }
        String files = local.stream().map(p -> "'" + p + "'").reduce((a, b) -> a + ", " + b).orElseThrow();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            List<String> columns = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("DESCRIBE SELECT * FROM read_parquet([" + files + "])")) {
                while (rs.next()) {
                    columns.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
            assertThat(columns).containsExactly("schema_version INTEGER", "event_id VARCHAR", "sensor_id VARCHAR",
                    "sensor_type VARCHAR", "zone VARCHAR", "lat DOUBLE", "lon DOUBLE",
                    "event_time_ms TIMESTAMP WITH TIME ZONE", "seq BIGINT", "vehicle_count INTEGER", "avg_speed_kmh DOUBLE",
                    "occupancy_pct DOUBLE", "congestion_level VARCHAR", "kafka_partition INTEGER", "kafka_offset BIGINT",
                    "kafka_timestamp TIMESTAMP WITH TIME ZONE");
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT event_id) FROM read_parquet([" + files + "])")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(5 * 90);
                assertThat(rs.getLong(2)).isEqualTo(5 * 90);
            }
        }
        assertThat(LakeSchema.eventColumns(SensorType.TRAFFIC)).hasSize(16);
    }

    @Test
    void secondIngestWritesNothingAndLaterDuplicatesOfCommittedRowsAreDropped() throws Exception {
        List<SensorReading> readings = produceCity(lake);
        lake.run(new IngestJob(), spark);
        List<LakeFile> before = lake.liveFiles(LakePaths.EVENTS);

        JobSummary again = lake.run(new IngestJob(), spark);

        assertThat(again.get("rows")).isZero();
        assertThat(again.get("files")).isZero();
        assertThat(lake.liveFiles(LakePaths.EVENTS)).isEqualTo(before);
        assertThat(lake.count("SELECT count(*) FROM ingest_run")).isEqualTo(1);

        SensorReading old = readings.get(3);
        lake.produce(Topics.readings(old.sensorType()).name(), List.of(Map.entry(old.sensorId(), ReadingCodec.encode(old))));
        JobSummary third = lake.run(new IngestJob(), spark);
        assertThat(third.get("rows")).isZero();
        assertThat(third.get("duplicates_dropped")).isEqualTo(1);
        assertThat(lake.liveFiles(LakePaths.EVENTS)).isEqualTo(before);
    }

    @Test
    void aCappedRunLeavesTheBacklogToTheNextAndTheLakeEndsComplete() throws Exception {
        List<SensorReading> readings = produceCity(lake);
        long perPartitionCap = 100; // some partitions hold 180 or more of the city's records
        List<Long> rowsPerRun = new ArrayList<>();
        for (int run = 0; run < 20; run++) {
            JobSummary summary = lake.run(IngestJob.withOptions(false, perPartitionCap), spark);
            if (summary.get("rows") == 0 && summary.get("records_read") == 0) {
                break;
            }
            rowsPerRun.add(summary.get("rows"));
        }

        assertThat(rowsPerRun).as("more than one run").hasSizeGreaterThan(1);
        assertThat(rowsPerRun.get(0)).isLessThanOrEqualTo(9 * perPartitionCap);
        assertThat(rowsPerRun.stream().mapToLong(Long::longValue).sum()).isEqualTo(readings.size());
        assertThat(lake.liveFiles(LakePaths.EVENTS).stream().mapToLong(LakeFile::rows).sum()).isEqualTo(readings.size());
        assertThat(lake.count("SELECT count(*) FROM ingest_range WHERE to_offset - from_offset > " + perPartitionCap)).isZero();
    }

    @Test
    void aLakeWriterWaitsForTheOtherOneInsteadOfFailing() throws Exception {
        try (Manifest holder = Manifest.open(lake.config); Manifest waiter = Manifest.open(lake.config)) {
            holder.lockLakeWriter(Duration.ZERO);
            assertThatThrownBy(() -> waiter.lockLakeWriter(Duration.ofSeconds(1)))
                    .hasMessageContaining("held the lake for more than 1 s");
            Thread release = new Thread(() -> {
                try {
                    Thread.sleep(1500);
                    holder.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            release.start();
            long start = System.nanoTime();
            waiter.lockLakeWriter(Duration.ofSeconds(30));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("taken once the other writer let go")
                    .isBetween(Duration.ofMillis(500), Duration.ofSeconds(20));
            release.join();
        }
    }

    @Test
    void offsetsThatExpiredBeforeIngestFailLoudlyNamingThePartition() throws Exception {
        produceCity(lake);
        lake.run(new IngestJob(), spark);
        List<SensorReading> more = TestReadings.of(SensorType.WEATHER, 2, START.plusSeconds(7200), 60_000, 5, 9);
        lake.produce(Topics.readings(SensorType.WEATHER).name(), more.stream().map(r -> Map.entry(r.sensorId(), ReadingCodec.encode(r))).toList());
        long committed = lake.count("SELECT next_offset FROM ingest_offset WHERE topic = 'citypulse.readings.weather' "
                + "AND next_offset = (SELECT max(next_offset) FROM ingest_offset WHERE topic = 'citypulse.readings.weather')");
        int partition = (int) lake.count("SELECT partition FROM ingest_offset WHERE topic = 'citypulse.readings.weather' "
                + "ORDER BY next_offset DESC LIMIT 1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, lake.stack.kafkaBootstrapServers()))) {
            admin.deleteRecords(Map.of(new TopicPartition(Topics.readings(SensorType.WEATHER).name(), partition),
                    RecordsToDelete.beforeOffset(committed + 2))).all().get();
        }

        assertThatThrownBy(() -> lake.run(new IngestJob(), spark))
                .isInstanceOf(OffsetPlan.ExpiredOffsetsException.class)
                .hasMessageContaining("citypulse.readings.weather partition " + partition)
                .hasMessageContaining("offsets " + committed + ".." + (committed + 1) + " expired");
        assertThat(lake.count("SELECT count(*) FROM ingest_run")).isEqualTo(1);
    }
}
