package io.citypulse.contract.topic;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every topic of the platform, with its key and value serdes; producers, consumers, tests and
 * scripts take names from here. Names are lower-case and dot-separated: {@code citypulse.<what>}.
 *
 * <p>Reading topics carry raw bytes on purpose: producers can inject malformed records and the
 * speed layer forwards rejected bytes untouched to the dead-letter topic. Decode them with
 * {@link io.citypulse.contract.wire.ReadingCodec}.
 */
public final class Topics {

    /** The readings of each declared type, keyed by sensor id, by {@link SensorType#index()}. */
    private static final List<Topic<String, byte[]>> READINGS = SensorType.all().stream().map(Topics::readingTopic)
            .toList();

    /** Anomalies detected by the speed layer, keyed by sensor id. */
    public static final Topic<String, Anomaly> ANOMALIES = new Topic<>("citypulse.anomalies", 3,
            Serdes.String(), new RecordSerde<>(Anomaly.class), "anomalies detected by the speed layer");

    /** Rejected records: original key and bytes, reason and origin in headers (see {@link DeadLetterHeaders}). */
    public static final Topic<byte[], byte[]> DEAD_LETTER = new Topic<>("citypulse.deadletter", 1,
            Serdes.ByteArray(), Serdes.ByteArray(), "records no layer could decode, with the reason in headers");

    /** Readings that arrived after the speed layer's allowed lateness, copied as they came. */
    public static final Topic<String, byte[]> LATE_READINGS = new Topic<>("citypulse.late", 3,
            Serdes.String(), Serdes.ByteArray(), "readings later than the allowed lateness (the batch layer still has them)");

    /** The generator's labels of everything it injected, keyed by sensor id. */
    public static final Topic<String, InjectionLabel> GROUND_TRUTH = new Topic<>("citypulse.groundtruth", 1,
            Serdes.String(), new RecordSerde<>(InjectionLabel.class), "labels of injected anomalies and faults");

    private Topics() {
    }

    /** The reading topic of one sensor type, as its declaration names it. */
    public static Topic<String, byte[]> readings(SensorType type) {
        return READINGS.get(type.index());
    }

    /** The sensor type whose readings travel on {@code topicName}, if any. */
    public static Optional<SensorType> sensorTypeOf(String topicName) {
        for (SensorType type : SensorType.all()) {
            if (readings(type).name().equals(topicName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The reading topic of every declared type. */
    public static List<Topic<String, byte[]>> readingTopics() {
        return READINGS;
    }

    /** Every topic, for provisioning. */
    public static List<Topic<?, ?>> all() {
        List<Topic<?, ?>> all = new ArrayList<>(READINGS);
        all.addAll(List.of(ANOMALIES, DEAD_LETTER, LATE_READINGS, GROUND_TRUTH));
        return List.copyOf(all);
    }

    private static Topic<String, byte[]> readingTopic(SensorType type) {
        return new Topic<>(type.declaration().topic(), 3, Serdes.String(), Serdes.ByteArray(),
                type.wireName() + " readings, JSON wire format (docs/schema.md)");
    }
}
