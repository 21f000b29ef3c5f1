package io.citypulse.api.statistics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.citypulse.api.support.Fixtures;
import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class StatisticsIT {

    @BeforeEach
    void fixtures() {
        try (Fixtures db = Fixtures.open()) {
            db.reset().awaitCatalog(210)
                    .horizon(Instant.parse("2026-11-20T09:00:00Z"))
                    .exec("INSERT INTO ingest_run (run_id, job, status, started_at, finished_at, rows_written, bytes_written, "
                            + "files_written) VALUES ('ingest-1', 'ingest', 'committed', '2026-11-20T09:05:00Z', "
                            + "'2026-11-20T09:06:00Z', 1000, 50000, 3), ('ingest-2', 'ingest', 'running', "
                            + "'2026-11-20T10:05:00Z', NULL, 0, 0, 0)")
                    .exec("INSERT INTO lake_file (path, run_id, dataset, sensor_type, event_date, event_hour, rows, bytes, removed_at) VALUES "
                            + "('events/traffic/a.parquet', 'ingest-1', 'events', 'traffic', '2026-11-20', 8, 600, 30000, NULL), "
                            + "('events/traffic/b.parquet', 'ingest-1', 'events', 'traffic', '2026-11-20', 8, 300, 15000, NULL), "
                            + "('events/energy/c.parquet', 'ingest-1', 'events', 'energy', '2026-11-20', 7, 100, 5000, NULL), "
                            + "('events/energy/old.parquet', 'ingest-1', 'events', 'energy', '2026-11-20', 7, 100, 9000, now())")
                    // ingest-1 read 2,750,000 bytes from Kafka for the 50,000 it wrote; ingest-0 recorded no source bytes.
                    .exec("INSERT INTO ingest_run (run_id, job, status, started_at, finished_at, rows_written, bytes_written, "
                            + "files_written) VALUES ('ingest-0', 'ingest', 'committed', '2026-11-20T08:05:00Z', "
                            + "'2026-11-20T08:06:00Z', 10, 700, 1)")
                    .exec("INSERT INTO ingest_range (run_id, topic, partition, from_offset, to_offset, records, source_bytes) "
                            + "VALUES ('ingest-1', 'citypulse.readings.traffic', 0, 0, 900, 900, 2000000), "
                            + "('ingest-1', 'citypulse.readings.energy', 0, 0, 100, 100, 750000), "
                            + "('ingest-0', 'citypulse.readings.energy', 1, 0, 10, 10, NULL)")
                    .latest("traffic-0001", "traffic", "downtown", Instant.parse("2026-11-20T10:00:00Z"), 1, "{}");
        }
    }

    @Test
    void reportsLakeFilesBytesAndRowsPerPartitionLeavingCompactedFilesOut() {
        JsonPath stats = given().get("/api/v1/statistics/parquet").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getLong("files")).isEqualTo(3);
        assertThat(stats.getLong("bytes")).isEqualTo(50000);
        assertThat(stats.getLong("rows")).isEqualTo(1000);
        assertThat(stats.getDouble("bytesPerRow")).isEqualTo(50.0);
        assertThat(stats.getDouble("compressionRatio")).as("source bytes over bytes written, known runs only").isEqualTo(55.0);
        assertThat(stats.getList("partitions.sensorType")).containsExactly("traffic", "energy");
        assertThat(stats.getList("partitions.files", Integer.class)).containsExactly(2, 1);
        assertThat(stats.getList("partitions.eventHour", Integer.class)).containsExactly(8, 7);
        assertThat(stats.getString("partitions[0].eventDate")).isEqualTo(LocalDate.of(2026, 11, 20).toString());
        given().get("/api/v1/statistics/parquet?limit=0").then().statusCode(400).body("parameter", equalTo("limit"));
    }

    @Test
    void reportsHorizonLastIngestRunAndSpeedFreshness() {
        JsonPath stats = given().get("/api/v1/statistics/pipeline").then().statusCode(200).extract().jsonPath();
        assertThat(stats.getString("batchHorizon")).isEqualTo("2026-11-20T09:00:00Z");
        assertThat(stats.getString("batchHorizonRunId")).isEqualTo("views-test");
        assertThat(stats.getString("lastIngestRun.runId")).isEqualTo("ingest-2");
        assertThat(stats.getString("lastIngestRun.status")).isEqualTo("running");
        assertThat(stats.getLong("sensorsReporting")).isEqualTo(1);
        assertThat(stats.getString("speedLastEventTime")).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(stats.getDouble("speedFreshnessSeconds")).isBetween(0.0, 120.0);
    }

    @Test
    void reportsTopicsEndOffsetsAndTheSpeedLayerLag() throws Exception {
        String topic = Topics.readings(SensorType.WEATHER).name();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackResource.stack().kafkaBootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(PlatformClock.stampingSends(props), new StringSerializer(), new ByteArraySerializer());
             Admin admin = Admin.create(Map.of("bootstrap.servers", LocalStackResource.stack().kafkaBootstrapServers()))) {
            long before = endOffset(topic);
            for (int i = 0; i < 5; i++) {
                producer.send(new ProducerRecord<>(topic, 1, "weather-0001", "{}".getBytes(StandardCharsets.UTF_8))).get();
            }
            // The speed layer's group has read partition 1 up to two records before its end.
            admin.alterConsumerGroupOffsets("citypulse-speed-layer",
                    Map.of(new TopicPartition(topic, 1), new OffsetAndMetadata(partitionEnd(topic, 1) - 2))).all().get();
            JsonPath stats = given().get("/api/v1/statistics/kafka").then().statusCode(200).extract().jsonPath();
            assertThat(stats.getList("topics.name", String.class))
                    .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(t -> t.name()).toList());
            int i = stats.getList("topics.name", String.class).indexOf(topic);
            assertThat(stats.getInt("topics[" + i + "].partitions")).isEqualTo(3);
            assertThat(stats.getLong("topics[" + i + "].endOffsets")).isEqualTo(before + 5);
            assertThat(stats.getLong("topics[" + i + "].partitionStats[1].lag")).isEqualTo(2);
            assertThat(stats.getString("consumerGroup")).isEqualTo("citypulse-speed-layer");
            assertThat(stats.getLong("totalLag")).isGreaterThanOrEqualTo(2);
        }
    }

    private static long endOffset(String topic) {
        JsonPath stats = given().get("/api/v1/statistics/kafka").then().statusCode(200).extract().jsonPath();
        List<String> names = stats.getList("topics.name", String.class);
        return stats.getLong("topics[" + names.indexOf(topic) + "].endOffsets");
    }

    private static long partitionEnd(String topic, int partition) {
        JsonPath stats = given().get("/api/v1/statistics/kafka").then().statusCode(200).extract().jsonPath();
        List<String> names = stats.getList("topics.name", String.class);
        return stats.getLong("topics[" + names.indexOf(topic) + "].partitionStats[" + partition + "].endOffset");
    }
}
