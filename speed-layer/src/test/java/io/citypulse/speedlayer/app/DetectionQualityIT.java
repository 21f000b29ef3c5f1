package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.citypulse.generator.inject.InjectionRates;
import io.citypulse.generator.signal.SensorProfile;
import io.citypulse.generator.simulate.CitySimulator;
import io.citypulse.generator.simulate.RecordSink;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Detection quality against the generator's own labels: the generator's pure core simulates a city with
 * injected anomalies of every type, the speed layer (a child JVM) reads it from the real broker, and every
 * detection in the {@code anomaly} table is scored with the rule of docs/anomalies.md. A clean hour of the
 * same city must raise at most one false alarm per 100,000 readings.
 *
 * <p>The reading topics are shared with the other ITs of this JVM, so each scenario first deletes their
 * records (the speed layer then starts at the new log start) and deletes its own when done.
 */
@ExtendWith(LocalStackExtension.class)
class DetectionQualityIT {

    private static final int TRAFFIC = 40;
    private static final int WEATHER = 20;
    private static final int ENERGY = 40;
    private static final long INTERVAL_MS = 1000;

    private LocalStack stack;

    @BeforeEach
    void isolate(LocalStack stack) throws Exception {
        this.stack = stack;
        deleteReadingRecords(stack);
        ItSupport.execute(stack, "TRUNCATE anomaly, rt_minute_aggregate, rt_latest_reading");
    }

    @AfterEach
    void cleanUp() throws Exception {
        deleteReadingRecords(stack);
    }

    @Test
    void detectsEveryInjectedTypeWithPrecisionAndRecallOfAtLeast95Percent() throws Exception {
        // 90 simulated minutes from a weekday morning ramp: injections start after 35 min of history and end
        // before the run does, so each sensor gets at most one; a high rate gives nearly every sensor one.
        Instant start = Instant.parse("2026-03-04T06:30:00Z");
        InjectionRates rates = new InjectionRates(0.003, 0.0005, 0.001, 0.001, 0.0005, EnumSet.allOf(AnomalyType.class));
        Simulated run = simulate(start, Duration.ofMinutes(90), rates);
        List<Detection> detections = runSpeedLayer("detection-quality-it", run);

        Map<AnomalyType, Score> scores = score(run.anomalyLabels(), detections);
        print("injected, 90 min, " + run.readings + " records", scores);
        for (AnomalyType type : AnomalyType.values()) {
            Score score = scores.get(type);
            assertThat(score.labels).as("labels of %s (every type must be injected several times)", type)
                    .isGreaterThanOrEqualTo(3);
            assertThat(score.precision()).as("precision of %s", type).isGreaterThanOrEqualTo(0.95);
            assertThat(score.recall()).as("recall of %s", type).isGreaterThanOrEqualTo(0.95);
        }
    }

    @Test
    void cleanHourRaisesAtMostOneFalseAlarmPer100kReadings() throws Exception {
        // Another weekday, the morning rush: demand ramps fastest here, the hardest hour for baselines.
        Instant start = Instant.parse("2026-03-05T06:30:00Z");
        Simulated run = simulate(start, Duration.ofMinutes(60), InjectionRates.none());
        List<Detection> detections = runSpeedLayer("detection-quality-clean-it", run);

        print("clean, 60 min, " + run.readings + " readings", score(List.of(), detections));
        detections.forEach(d -> System.out.println("false alarm: " + d));
        assertThat(run.labels).isEmpty();
        assertThat((double) detections.size()).as("false alarms %s over %d readings", detections, run.readings)
                .isLessThanOrEqualTo(run.readings / 100_000.0);
    }

    /** One simulated span appended to the reading topics, with the labels the simulator emitted. */
    private record Simulated(long readings, List<InjectionLabel> labels) {
        List<InjectionLabel> anomalyLabels() {
            return labels.stream().filter(l -> l.kind() == InjectionKind.ANOMALY).toList();
        }
    }

    private Simulated simulate(Instant start, Duration length, InjectionRates rates) {
        SensorCatalog catalog = SensorCatalog.generate(SensorCatalog.DEFAULT_SEED, TRAFFIC, WEATHER, ENERGY);
        List<SensorProfile> sensors = catalog.sensors().stream().map(SensorProfile::new).toList();
        long firstSlot = start.toEpochMilli() / INTERVAL_MS;
        long endSlot = firstSlot + length.toMillis() / INTERVAL_MS;
        CitySimulator simulator = new CitySimulator(sensors, SensorCatalog.DEFAULT_SEED, INTERVAL_MS, rates,
                firstSlot, endSlot - 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        List<InjectionLabel> labels = new ArrayList<>();
        long[] records = {0};
        AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(PlatformClock.stampingSends(props), new StringSerializer(), new ByteArraySerializer())) {
            RecordSink sink = new RecordSink() {
                @Override
                public void reading(SensorType type, String sensorId, byte[] value) {
                    records[0]++;
                    producer.send(new ProducerRecord<>(Topics.readings(type).name(), sensorId, value), (meta, error) -> {
                        if (error != null) {
                            failure.compareAndSet(null, error);
                        }
                    });
                }

                @Override
                public void label(InjectionLabel label) {
                    labels.add(label);
                }
            };
            for (long slot = firstSlot; slot < endSlot; slot++) {
                simulator.emitSlot(slot, sink);
            }
            simulator.releaseAll(sink);
            producer.flush();
        }
        assertThat(failure.get()).as("append to the reading topics").isNull();
        return new Simulated(records[0], labels);
    }

    /** Runs the speed layer until it has checkpointed every appended record, then reads the anomaly table. */
    private List<Detection> runSpeedLayer(String group, Simulated run) throws Exception {
        long end = ItSupport.readingEndOffsets(stack);
        String[] args = {"--group", group, "--metrics-port", "0", "--traffic", "" + TRAFFIC, "--weather", "" + WEATHER,
            "--energy", "" + ENERGY};
        long started = System.nanoTime();
        try (SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile(group), args)) {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ItSupport.checkpointed(stack, group) >= end);
            assertThat(process.terminate()).isIn(0, 143);
        }
        System.out.printf("%s: %d records through the speed layer in %.1f s%n", group, run.readings,
                (System.nanoTime() - started) / 1e9);
        List<Detection> found = new ArrayList<>();
        try (Connection db = ItSupport.db(stack); Statement statement = db.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT sensor_id, anomaly_type, window_start, window_end FROM anomaly ORDER BY window_start, sensor_id")) {
            while (rows.next()) {
                found.add(new Detection(rows.getString(1), AnomalyType.valueOf(rows.getString(2)),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
        return found;
    }

    /** One row of the anomaly table, as scored. */
    private record Detection(String sensorId, AnomalyType type, Instant windowStart, Instant windowEnd) {
        /** docs/anomalies.md: same sensor and type, and the label's [from, to] overlaps the window [start, end). */
        boolean matches(InjectionLabel label) {
            return label.sensorId().equals(sensorId) && label.anomalyType() == type
                    && !windowStart.isAfter(label.to()) && windowEnd.isAfter(label.from());
        }
    }

    /** Per-type counts of the confusion table. */
    private static final class Score {
        long labels;
        long recalled;
        long detections;
        long truePositives;

        long falsePositives() {
            return detections - truePositives;
        }

        double precision() {
            return detections == 0 ? (labels == 0 ? 1 : 0) : truePositives / (double) detections;
        }

        double recall() {
            return labels == 0 ? 1 : recalled / (double) labels;
        }
    }

    private static Map<AnomalyType, Score> score(List<InjectionLabel> labels, List<Detection> detections) {
        Map<AnomalyType, Score> scores = new HashMap<>();
        for (AnomalyType type : AnomalyType.values()) {
            scores.put(type, new Score());
        }
        Set<InjectionLabel> recalled = new HashSet<>();
        labels.forEach(label -> scores.get(label.anomalyType()).labels++);
        for (Detection detection : detections) {
            Score score = scores.get(detection.type());
            score.detections++;
            List<InjectionLabel> matching = labels.stream().filter(detection::matches).toList();
            if (!matching.isEmpty()) {
                score.truePositives++;
                recalled.addAll(matching);
            } else {
                System.out.println("false positive: " + detection);
            }
        }
        recalled.forEach(label -> scores.get(label.anomalyType()).recalled++);
        labels.stream().filter(label -> !recalled.contains(label)).forEach(label -> System.out.println("missed: " + label));
        return scores;
    }

    private static void print(String title, Map<AnomalyType, Score> scores) {
        System.out.println("confusion table: " + title);
        System.out.println("type                  labels recalled detections  tp  fp precision recall");
        for (AnomalyType type : AnomalyType.values()) {
            Score s = scores.get(type);
            System.out.printf("%-21s %6d %8d %10d %3d %3d %9.3f %6.3f%n", type, s.labels, s.recalled, s.detections,
                    s.truePositives, s.falsePositives(), s.precision(), s.recall());
        }
    }

    /** Moves the log start of every reading partition to its end: a group without checkpoint starts there. */
    private static void deleteReadingRecords(LocalStack stack) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        try (Admin admin = Admin.create(props); var consumer = ItSupport.consumer(stack)) {
            Map<TopicPartition, RecordsToDelete> all = new HashMap<>();
            for (var topic : Topics.readingTopics()) {
                consumer.partitionsFor(topic.name()).forEach(info -> {
                    TopicPartition partition = new TopicPartition(info.topic(), info.partition());
                    all.put(partition, null);
                });
            }
            consumer.endOffsets(all.keySet()).forEach((partition, endOffset) ->
                    all.put(partition, RecordsToDelete.beforeOffset(endOffset)));
            admin.deleteRecords(all).all().get();
        }
    }
}
