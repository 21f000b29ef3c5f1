package io.citypulse.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.RecordJson;
import io.citypulse.generator.publish.DeliveryReport;
import io.citypulse.generator.publish.GeneratorMetrics;
import io.citypulse.generator.publish.KafkaRecordSink;
import io.citypulse.generator.publish.LabelsFile;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Three simulated hours of 70 sensors with every injection on, into the real local broker. */
@ExtendWith(LocalStackExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GeneratorIT {

    private static final long INTERVAL_MS = 10_000;

    private long generated;
    private DeliveryReport report;
    private final List<ConsumerRecord<String, byte[]>> readings = new ArrayList<>();
    private final List<InjectionLabel> labels = new ArrayList<>();
    private List<String> labelsFileLines;

    @BeforeAll
    void produceAndConsume(LocalStack stack, @TempDir Path dir) throws Exception {
        Path labelsFile = dir.resolve("labels.jsonl");
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs("--bootstrap-servers", stack.kafkaBootstrapServers(), "--mode", "simulated",
                "--start", "2026-03-04T06:00:00Z", "--end", "2026-03-04T09:00:00Z", "--interval", "10s",
                "--traffic", "30", "--weather", "10", "--energy", "30", "--seed", "77",
                "--anomaly-rate", "0.01", "--late-rate", "0.005", "--out-of-order-rate", "0.005",
                "--duplicate-rate", "0.005", "--malformed-rate", "0.005", "--metrics-port", "0", "--no-progress");
        GeneratorConfig config = GeneratorCommand.configOf(cmd);
        GeneratorRun run = new GeneratorRun(config);
        try (KafkaRecordSink sink = KafkaRecordSink.connect(stack.kafkaBootstrapServers(), GeneratorMetrics.unexposed(),
                Optional.of(new LabelsFile(labelsFile)))) {
            generated = run.run(sink, sink::attempted, System.err);
            sink.flush();
            report = sink.report();
        }
        labelsFileLines = Files.readAllLines(labelsFile);
        consume(stack.kafkaBootstrapServers());
    }

    private void consume(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var topic : Topics.readingTopics()) {
                for (int p = 0; p < topic.partitions(); p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
            }
            partitions.add(new TopicPartition(Topics.GROUND_TRUTH.name(), 0));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.topic().equals(Topics.GROUND_TRUTH.name())) {
                        labels.add(RecordJson.decode(record.value(), InjectionLabel.class));
                    } else {
                        readings.add(record);
                    }
                }
            }
        }
    }

    private List<InjectionLabel> labels(InjectionKind kind) {
        return labels.stream().filter(l -> l.kind() == kind).toList();
    }

    @Test
    void everyRecordIsAcknowledgedAndArrivesOnTheTopics() {
        assertThat(report.failed()).isZero();
        assertThat(report.acked()).isEqualTo(report.attempted());
        long expected = generated + labels(InjectionKind.DUPLICATE).size() + labels(InjectionKind.MALFORMED).size();
        assertThat(readings).hasSize((int) expected);
        assertThat(report.attempted() - report.labels()).isEqualTo(expected);
    }

    @Test
    void readingsSpreadOverAllPartitionsOfEachTopic() {
        Map<String, Set<Integer>> partitions = readings.stream().collect(Collectors.groupingBy(ConsumerRecord::topic,
                Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
        for (var topic : Topics.readingTopics()) {
            assertThat(partitions.get(topic.name())).as(topic.name()).containsExactlyInAnyOrder(0, 1, 2);
        }
    }

    @Test
    void everySensorsSequenceIsContiguousExceptWhereItWasLabelledSilent() {
        Map<String, TreeSet<Long>> seqs = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readings) {
            if (ReadingCodec.decode(record.value()) instanceof DecodeResult.Valid valid) {
                SensorReading reading = valid.reading();
                assertThat(record.key()).isEqualTo(reading.sensorId());
                seqs.computeIfAbsent(reading.sensorId(), k -> new TreeSet<>()).add(reading.seq());
            }
        }
        assertThat(seqs).hasSize(70);
        Map<String, Set<Long>> silent = new HashMap<>();
        for (InjectionLabel label : labels(InjectionKind.ANOMALY)) {
            if (label.anomalyType() == AnomalyType.SILENT_SENSOR) {
                for (long s = label.from().toEpochMilli() / INTERVAL_MS; s <= label.to().toEpochMilli() / INTERVAL_MS; s++) {
                    silent.computeIfAbsent(label.sensorId(), k -> new HashSet<>()).add(s);
                }
            }
        }
        long first = java.time.Instant.parse("2026-03-04T06:00:00Z").toEpochMilli() / INTERVAL_MS;
        seqs.forEach((sensor, got) -> {
            Set<Long> expected = new TreeSet<>();
            for (long s = first; s < first + 3 * 360; s++) {
                if (!silent.getOrDefault(sensor, Set.of()).contains(s)) {
                    expected.add(s);
                }
            }
            assertThat(got).as(sensor).isEqualTo(expected);
        });
    }

    @Test
    void duplicatesCarryTheSameEventIdAndBytes() {
        List<InjectionLabel> duplicates = labels(InjectionKind.DUPLICATE);
        assertThat(duplicates).isNotEmpty();
        Map<String, List<byte[]>> byEventId = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readings) {
            if (ReadingCodec.decode(record.value()) instanceof DecodeResult.Valid valid) {
                byEventId.computeIfAbsent(valid.reading().eventId(), k -> new ArrayList<>()).add(record.value());
            }
        }
        Set<String> repeated = byEventId.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(repeated).isEqualTo(duplicates.stream().map(InjectionLabel::eventId).collect(Collectors.toSet()));
        for (String id : repeated) {
            List<byte[]> copies = byEventId.get(id);
            assertThat(copies).hasSize(2);
            assertThat(Arrays.equals(copies.get(0), copies.get(1))).isTrue();
        }
    }

    @Test
    void malformedRecordsAreExactlyTheInjectedOnes() {
        List<String> rejected = readings.stream()
                .map(r -> ReadingCodec.decode(r.value(), Topics.sensorTypeOf(r.topic()).orElseThrow()))
                .filter(DecodeResult.Rejected.class::isInstance)
                .map(r -> ((DecodeResult.Rejected) r).rejection().describe())
                .sorted().toList();
        List<String> labelled = labels(InjectionKind.MALFORMED).stream().map(InjectionLabel::detail).sorted().toList();
        assertThat(labelled).isNotEmpty();
        assertThat(rejected).isEqualTo(labelled);
    }

    @Test
    void groundTruthHoldsOneLabelPerInjection() {
        assertThat(labels).hasSize((int) report.labels());
        assertThat(labels.stream().map(InjectionLabel::labelId).distinct().count()).isEqualTo(labels.size());
        assertThat(labels.stream().map(InjectionLabel::kind).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(InjectionKind.values());
        assertThat(labelsFileLines).hasSize(labels.size());
        List<InjectionLabel> fromFile = labelsFileLines.stream()
                .map(line -> RecordJson.decode(line.getBytes(java.nio.charset.StandardCharsets.UTF_8), InjectionLabel.class))
                .toList();
        assertThat(new HashSet<>(fromFile)).isEqualTo(new HashSet<>(labels));
    }
}
