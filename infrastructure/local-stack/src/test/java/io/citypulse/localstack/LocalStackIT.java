package io.citypulse.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.topic.Topic;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    private final LocalStack stack;

    LocalStackIT(LocalStack stack) {
        this.stack = stack;
    }

    @Test
    void createsEveryCatalogTopicWithItsPartitionCount() throws Exception {
        Map<String, Integer> expected = Topics.all().stream()
                .collect(Collectors.toMap(Topic::name, Topic::partitions, (a, b) -> a, TreeMap::new));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(expected.keySet()).allTopicNames().get();
            Map<String, Integer> actual = described.values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, d -> d.partitions().size(), (a, b) -> a, TreeMap::new));
            assertThat(actual).isEqualTo(expected);
        }
    }

    @Test
    void deliversRecordsProducedToACatalogTopicToAConsumer() {
        String topic = Topics.readings(SensorType.TRAFFIC).name();
        List<String> sent = List.of("first", "second", "third");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties())) {
            for (String value : sent) {
                producer.send(new ProducerRecord<>(topic, 0, "sensor-it-1", value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }

        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < sent.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals("sensor-it-1")) {
                        received.add(new String(record.value(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        assertThat(received).containsExactlyElementsOf(sent);
    }

    @Test
    void storesAndReturnsAnObjectInTheLakeBucket() throws Exception {
        byte[] content = "{\"sensor\":\"t-1\"}".getBytes(StandardCharsets.UTF_8);
        try (MinioClient s3 = MinioClient.builder().endpoint(stack.s3Endpoint().toString())
                .credentials(stack.s3AccessKey(), stack.s3SecretKey()).region("us-east-1").build()) {
            s3.putObject(PutObjectArgs.builder().bucket(stack.s3Bucket()).object("it/object.json")
                    .stream(new ByteArrayInputStream(content), content.length, -1).build());
            try (InputStream in = s3.getObject(GetObjectArgs.builder().bucket(stack.s3Bucket()).object("it/object.json").build())) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
        }
    }

    @Test
    void appliesTheContractMigrations() throws Exception {
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             ResultSet tables = db.createStatement().executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
                             + " AND table_name IN ('zone', 'sensor', 'anomaly') ORDER BY table_name");
             ResultSet failed = db.createStatement().executeQuery(
                     "SELECT count(*) FROM flyway_schema_history WHERE NOT success")) {
            List<String> names = new ArrayList<>();
            while (tables.next()) {
                names.add(tables.getString(1));
            }
            assertThat(names).containsExactly("anomaly", "sensor", "zone");
            failed.next();
            assertThat(failed.getInt(1)).isZero();
        }
    }

    @Test
    void exposesEveryServiceInTheEnvironmentButNoPrometheusInTests() {
        assertThat(stack.environment()).containsOnlyKeys("CITYPULSE_KAFKA_BOOTSTRAP", "CITYPULSE_S3_ENDPOINT",
                "CITYPULSE_S3_ACCESS_KEY", "CITYPULSE_S3_SECRET_KEY", "CITYPULSE_S3_BUCKET", "CITYPULSE_DB_URL",
                "CITYPULSE_DB_USER", "CITYPULSE_DB_PASSWORD");
        assertThat(stack.environment()).containsEntry("CITYPULSE_DB_URL", stack.jdbcUrl());
        assertThat(stack.prometheusUrl()).isEmpty();
    }

    private Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private Properties consumerProperties() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return props;
    }
}
