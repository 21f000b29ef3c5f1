package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.citypulse.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Kafka, PostgreSQL and speed-layer process helpers of the integration tests. */
public final class ItSupport {

    private static final String ANOMALIES = "SELECT * FROM anomaly ORDER BY anomaly_id";
    private static final String AGGREGATES = """
            SELECT sensor_id, minute_start, measure, sensor_type, zone_id, count, min, max, sum
            FROM rt_minute_aggregate ORDER BY sensor_id, minute_start, measure""";
    private static final String LATEST = """
            SELECT sensor_id, sensor_type, zone_id, event_id, event_time, seq, measures FROM rt_latest_reading ORDER BY sensor_id""";

    /** The three sink tables, row for row, each in a fixed order. */
    record SinkRows(List<Map<String, Object>> anomalies, List<Map<String, Object>> aggregates,
                    List<Map<String, Object>> latest) {
    }

    private ItSupport() {
    }

    static void append(LocalStack stack, List<SeededInput.Input> records) {
        try (KafkaProducer<String, byte[]> producer = producer(stack)) {
            send(producer, records);
        }
    }

    /** Sends the records in order and waits until all are acknowledged. */
    static void send(KafkaProducer<String, byte[]> producer, List<SeededInput.Input> records) {
        for (SeededInput.Input record : records) {
            producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
        }
        producer.flush();
    }

    static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(PlatformClock.stampingSends(props), new StringSerializer(), new ByteArraySerializer());
    }

    static KafkaConsumer<byte[], byte[]> consumer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sum of the end offsets of the three reading topics. */
    static long readingEndOffsets(LocalStack stack) {
        return readingEndOffsetsByPartition(stack).values().stream().mapToLong(Long::longValue).sum();
    }

    /** End offset of each partition of the three reading topics. */
    static Map<TopicPartition, Long> readingEndOffsetsByPartition(LocalStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack)) {
            List<TopicPartition> partitions = new ArrayList<>();
            Topics.readingTopics().forEach(topic -> consumer.partitionsFor(topic.name())
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition()))));
            return consumer.endOffsets(partitions);
        }
    }

    static Connection db(LocalStack stack) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    /** Sum of the checkpointed next offsets of {@code group}; 0 before its first flush. */
    static long checkpointed(LocalStack stack, String group) throws SQLException {
        try (Connection db = db(stack)) {
            return checkpointed(db, group);
        }
    }

    /** As {@link #checkpointed(LocalStack, String)} on an open connection (the bench polls it every few ms). */
    public static long checkpointed(Connection db, String group) throws SQLException {
        try (var select = db.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM speed_layer_checkpoint WHERE consumer_group = ?")) {
            select.setString(1, group);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Every row of a query as column-to-value maps, in the query's order. */
    static List<Map<String, Object>> rows(LocalStack stack, String sql) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection db = db(stack); Statement statement = db.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    Object value = result.getObject(i);
                    row.put(meta.getColumnName(i), value == null ? null : value.toString());
                }
                rows.add(row);
            }
        }
        return rows;
    }

    static void execute(LocalStack stack, String sql) throws SQLException {
        try (Connection db = db(stack); Statement statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    static SinkRows sinkRows(LocalStack stack) throws SQLException {
        return new SinkRows(rows(stack, ANOMALIES), rows(stack, AGGREGATES), rows(stack, LATEST));
    }

    /** The sink tables equal {@code expected} row for row. */
    static void assertSinksEqual(LocalStack stack, SinkRows expected) throws SQLException {
        SinkRows actual = sinkRows(stack);
        assertThat(actual.anomalies()).as("anomaly").isEqualTo(expected.anomalies());
        assertThat(actual.aggregates()).as("rt_minute_aggregate").isEqualTo(expected.aggregates());
        assertThat(actual.latest()).as("rt_latest_reading").isEqualTo(expected.latest());
    }

    static void clearSinks(LocalStack stack) throws SQLException {
        execute(stack, "TRUNCATE anomaly, rt_minute_aggregate, rt_latest_reading");
    }

    /** Command line of a speed layer in {@code group} over a {@link SeededInput}: fast flushes, any metrics port. */
    static String[] speedLayerArgs(String group) {
        return new String[] {"--group", group, "--metrics-port", "0", "--traffic", "" + SeededInput.TRAFFIC,
            "--weather", "" + SeededInput.WEATHER, "--energy", "" + SeededInput.ENERGY, "--flush-interval", "PT0.05S"};
    }

    /** Runs the service until every record is checkpointed, killing it with SIGKILL at each given progress. */
    static void runToEnd(LocalStack stack, String group, long end, List<Long> killPoints) throws Exception {
        String[] args = speedLayerArgs(group);
        for (long killPoint : killPoints) {
            SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile(group), args);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> checkpointed(stack, group) >= killPoint);
            long at = checkpointed(stack, group);
            process.kill();
            System.out.printf("%s: killed -9 at %d of %d checkpointed records%n", group, at, end);
        }
        try (SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile(group), args)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> checkpointed(stack, group) >= end);
            assertExitAfterSigterm(process);
        }
    }

    /** SIGTERM, then a clean exit: 0, or 143 (128 + SIGTERM) after the shutdown hook ran. */
    static void assertExitAfterSigterm(SpeedLayerProcess process) throws InterruptedException {
        assertThat(process.terminate()).as("exit after SIGTERM (143 = 128 + SIGTERM, after the hook ran)").isIn(0, 143);
    }
}
