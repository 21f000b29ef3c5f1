import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.Severity;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Appends probe anomalies to the anomaly topic, as the speed layer appends the ones it detects: for the console's
 * browser test and bench, which need an anomaly at a known moment (the city's own arrive when its episodes do).
 * Encoded by the contract itself, so the probe cannot drift from the topic's format.
 *
 * <p>Run as a single source file on the generator's jar (which holds the contract and kafka-clients):
 * {@code java -cp generator/target/citypulse-generator.jar AnomalyProbe.java BOOTSTRAP SENSOR_ID COUNT INTERVAL_MS}.
 * Prints {@code probe ANOMALY_ID DETECTED_AT_MS} once each is acknowledged.
 */
public final class AnomalyProbe {

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: AnomalyProbe BOOTSTRAP SENSOR_ID COUNT INTERVAL_MS");
            System.exit(2);
        }
        Sensor sensor = SensorCatalog.defaultCity().find(args[1]).orElseThrow(
                () -> new IllegalArgumentException("SENSOR_ID: " + args[1] + " is not in the default city"));
        int count = Integer.parseInt(args[2]);
        long intervalMs = Long.parseLong(args[3]);
        AnomalyType type = Arrays.stream(AnomalyType.values()).filter(t -> t.appliesTo(sensor.type())).findFirst()
                .orElseThrow();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        try (KafkaProducer<String, Anomaly> producer = new KafkaProducer<>(PlatformClock.stampingSends(props),
                Topics.ANOMALIES.keySerde().serializer(), Topics.ANOMALIES.valueSerde().serializer())) {
            producer.partitionsFor(Topics.ANOMALIES.name()); // the metadata now, so the first probe is timed like the rest
            for (int i = 0; i < count; i++) {
                Instant now = PlatformClock.now();
                Instant windowStart = now.truncatedTo(ChronoUnit.MINUTES).minus(1, ChronoUnit.MINUTES);
                Anomaly anomaly = new Anomaly(UUID.randomUUID().toString(), sensor.id(), sensor.type(),
                        sensor.zone().id(), type, Severity.LOW, windowStart, windowStart.plus(1, ChronoUnit.MINUTES),
                        0, 0, now, Map.of(), "probe " + (i + 1) + " of " + count + " (AnomalyProbe, not a detection)");
                producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), sensor.id(), anomaly)).get();
                System.out.println("probe " + anomaly.anomalyId() + " " + now.toEpochMilli());
                System.out.flush();
                if (i + 1 < count) {
                    Thread.sleep(intervalMs);
                }
            }
        }
    }
}
