package io.citypulse.batch.it;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.JobRunner;
import io.citypulse.batch.cli.SparkSessions;
import io.citypulse.batch.lake.LakeFile;
import io.citypulse.batch.lake.LakePaths;
import io.citypulse.batch.lake.LakeStore;
import io.citypulse.batch.lake.Manifest;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;

/** The shared plumbing of the batch ITs: config from the local stack, a clean slate, producing, running jobs. */
final class TestLake {

    final LocalStack stack;
    final JobConfig config;

    TestLake(LocalStack stack) {
        this.stack = stack;
        this.config = JobConfig.fromEnvironment(stack.environment());
    }

    SparkSession spark() {
        return SparkSessions.create("citypulse-it", "local[2]", config);
    }

    LakeStore store(SparkSession spark) {
        return new LakeStore(new LakePaths(config.s3Bucket()), spark.sparkContext().hadoopConfiguration());
    }

    /** Empties the lake, the manifest and the views, and moves every reading topic's start to its end. */
    void reset(SparkSession spark) throws Exception {
        store(spark).delete("lake");
        sql("TRUNCATE lake_file, ingest_range, ingest_offset, ingest_run, batch_sensor_hourly, batch_sensor_daily, "
                + "batch_zone_hourly, batch_zone_daily, batch_horizon, sequence_gap_hourly");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (var topic : Topics.readingTopics()) {
                for (int p = 0; p < topic.partitions(); p++) {
                    latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((tp, info) -> delete.put(tp, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get();
        }
    }

    /** Produces (key, value) records to a topic and waits for the acks. */
    void produce(String topic, List<Map.Entry<String, byte[]>> records) {
        send(records.stream().map(r -> new ProducerRecord<>(topic, r.getKey(), r.getValue())).toList());
    }

    /**
     * Readings to their topics as a sensor sends them: each appended {@code delay} after its event time (its Kafka
     * timestamp), so how late a row is depends on the readings and not on the day the test runs.
     */
    void produceOnTime(List<SensorReading> readings, Duration delay) {
        send(readings.stream().map(r -> new ProducerRecord<>(Topics.readings(r.sensorType()).name(), null,
                r.eventTime().plus(delay).toEpochMilli(), r.sensorId(), ReadingCodec.encode(r))).toList());
    }

    /** Records to a topic, waiting for the acks. */
    void send(List<ProducerRecord<String, byte[]>> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(PlatformClock.stampingSends(props))) {
            records.forEach(producer::send);
            producer.flush();
        }
    }

    JobSummary run(JobRunner.SparkJob job, SparkSession spark) {
        JobSummary summary = new JobSummary(job.name());
        job.run(spark, config, summary);
        return summary;
    }

    List<LakeFile> liveFiles(String dataset) {
        try (Manifest manifest = Manifest.open(config)) {
            return manifest.liveFiles(dataset);
        }
    }

    /** Every Parquet object under lake/ (excluding nothing): to spot orphans. */
    List<String> objects(SparkSession spark) {
        return store(spark).listParquet("lake");
    }

    long count(String sqlQuery) throws SQLException {
        try (Connection db = connect(); Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sqlQuery)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    void sql(String statement) throws SQLException {
        try (Connection db = connect(); Statement st = db.createStatement()) {
            st.execute(statement);
        }
    }

    /** {@link #sql} for lambdas and tests that do not declare SQLException. */
    void sqlUnchecked(String statement) {
        try {
            sql(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(statement, e);
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(config.dbUrl(), config.dbUser(), config.dbPassword());
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
