package io.citypulse.speedlayer.app;

import io.citypulse.contract.topic.Topics;
import io.citypulse.localstack.LocalStack;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
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

/** Kafka and PostgreSQL helpers of the integration tests. */
final class ItSupport {

    private ItSupport() {
    }

    static void append(LocalStack stack, List<SeededInput.Input> records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (SeededInput.Input record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.key(), record.value()));
            }
            producer.flush();
        }
    }

    static KafkaConsumer<byte[], byte[]> consumer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Sum of the end offsets of the three reading topics. */
    static long readingEndOffsets(LocalStack stack) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(stack)) {
            List<TopicPartition> partitions = new ArrayList<>();
            Topics.readingTopics().forEach(topic -> consumer.partitionsFor(topic.name())
                    .forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition()))));
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    static Connection db(LocalStack stack) throws SQLException {
        return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
    }

    /** Sum of the checkpointed next offsets of {@code group}; 0 before its first flush. */
    static long checkpointed(LocalStack stack, String group) throws SQLException {
        try (Connection db = db(stack)) {
            try (var select = db.prepareStatement(
                    "SELECT coalesce(sum(next_offset), 0) FROM speed_layer_checkpoint WHERE consumer_group = ?")) {
                select.setString(1, group);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
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
}
