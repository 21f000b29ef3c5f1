package io.citypulse.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A realtime city started with a recent past, against the real broker: the past is sent at once with the Kafka
 * timestamps its sensors would have given it, and a restart goes on after the latest reading instead of sending the
 * past again.
 */
@ExtendWith(LocalStackExtension.class)
class RecentPastIT {

    private static final int SENSORS = 6;

    @Test
    void thePastIsSentStampedWithItsOwnTimesAndARestartResumesAfterIt(LocalStack stack) {
        String bootstrap = stack.kafkaBootstrapServers();
        Map<TopicPartition, Long> before = endOffsets(bootstrap);
        Instant started = PlatformClock.now();
        // Ten minutes of one-second readings from 6 sensors, bounded so the run ends at about now.
        assertThat(generate(bootstrap, 600 * SENSORS)).isZero();

        List<ConsumerRecord<byte[], byte[]>> past = readFrom(bootstrap, before);
        assertThat(past).hasSize(600 * SENSORS);
        Instant first = past.stream().map(r -> reading(r).eventTime()).min(Instant::compareTo).orElseThrow();
        Instant last = past.stream().map(r -> reading(r).eventTime()).max(Instant::compareTo).orElseThrow();
        assertThat(Duration.between(first, started).toSeconds()).isBetween(599L, 601L);
        assertThat(past).allSatisfy(r -> assertThat(r.timestamp()).isEqualTo(reading(r).eventTime().toEpochMilli()));

        Map<TopicPartition, Long> middle = endOffsets(bootstrap);
        assertThat(generate(bootstrap, SENSORS)).isZero();
        List<ConsumerRecord<byte[], byte[]>> resumed = readFrom(bootstrap, middle);
        Set<String> pastIds = new HashSet<>();
        past.forEach(r -> pastIds.add(reading(r).eventId()));
        assertThat(resumed).hasSize(SENSORS).allSatisfy(r -> {
            assertThat(pastIds).doesNotContain(reading(r).eventId());
            assertThat(reading(r).eventTime()).isEqualTo(last.plusSeconds(1));
        });
    }

    private static int generate(String bootstrap, int events) {
        return GeneratorCommand.commandLine().execute("--bootstrap-servers", bootstrap, "--mode", "realtime",
                "--history", "10m", "--interval", "1s", "--events", String.valueOf(events), "--traffic", "3",
                "--weather", "1", "--energy", "2", "--seed", "41", "--injections", "none", "--metrics-port", "0",
                "--no-progress");
    }

    private static SensorReading reading(ConsumerRecord<byte[], byte[]> record) {
        return ((DecodeResult.Valid) ReadingCodec.decode(record.value())).reading();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<TopicPartition, Long> endOffsets(String bootstrap) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (var topic : Topics.readingTopics()) {
            for (int p = 0; p < topic.partitions(); p++) {
                partitions.add(new TopicPartition(topic.name(), p));
            }
        }
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            return consumer.endOffsets(partitions);
        }
    }

    /** The records appended since {@code from}. */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(String bootstrap, Map<TopicPartition, Long> from) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet());
            consumer.assign(from.keySet());
            from.forEach(consumer::seek);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (from.keySet().stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }
}
