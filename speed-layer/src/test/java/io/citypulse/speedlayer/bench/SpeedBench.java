package io.citypulse.speedlayer.bench;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.EnergyReading;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.event.TrafficReading;
import io.citypulse.contract.event.WeatherReading;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.RecordJson;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import io.citypulse.speedlayer.app.SpeedLayerConfig;
import io.citypulse.speedlayer.app.SpeedLayerMain;
import io.citypulse.speedlayer.detect.DetectionConfig;
import io.citypulse.speedlayer.window.WindowConfig;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Speed-layer benchmark (not a test): catch-up rate over 2M pre-loaded readings of the default city (210
 * sensors), heap after that history, then detection latency with live readings at 2k/s and 50k/s. Prints
 * one {@code BENCH {...}} line last. The service runs in this JVM with a 5 s lateness so live windows close
 * within the run. Latency, as the issue defines it: from the append of the triggering reading (the one whose
 * event time moved its partition's watermark past the window end + lateness) to the anomaly consumed from
 * {@code citypulse.anomalies}. A live reading's event time is the wall clock at {@code send()}, which is also its
 * CreateTime append timestamp, and an anomaly's {@code detectedAt} is exactly that event time, so latency =
 * consume time - detectedAt. Waiting for the watermark is not counted: at 2k readings/s every partition sees a
 * reading every few milliseconds, so the triggering reading follows the window end + lateness by at most that.
 */
public final class SpeedBench {

    private static final int PRELOAD = Integer.getInteger("bench.readings", 2_000_000);
    private static final SensorCatalog CITY = SensorCatalog.defaultCity();

    public static void main(String[] args) throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests());
             KafkaProducer<String, byte[]> producer = producer(stack)) {
            List<Sensor> sensors = CITY.sensors();
            long[] seq = new long[sensors.size()];
            long liveStart = System.currentTimeMillis();
            long historyStart = liveStart - (long) Math.ceil(PRELOAD / (double) sensors.size()) * 1000 - 60_000;
            SplittableRandom random = new SplittableRandom(42);
            long appendStart = System.nanoTime();
            for (int i = 0; i < PRELOAD; i++) {
                int s = i % sensors.size();
                send(producer, reading(sensors.get(s), historyStart + (i / sensors.size()) * 1000L, seq[s]++, random, false));
            }
            producer.flush();
            System.err.printf("appended %d readings in %.1f s%n", PRELOAD, (System.nanoTime() - appendStart) / 1e9);

            SpeedLayerConfig config = new SpeedLayerConfig(stack.kafkaBootstrapServers(), stack.jdbcUrl(), stack.dbUser(),
                    stack.dbPassword(), "speed-bench", 0, SensorCatalog.DEFAULT_SEED, SensorCatalog.DEFAULT_TRAFFIC,
                    SensorCatalog.DEFAULT_WEATHER, SensorCatalog.DEFAULT_ENERGY,
                    new WindowConfig(Duration.ofMinutes(1), Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofMinutes(15)),
                    DetectionConfig.DEFAULT, Duration.ofSeconds(1), 20_000);
            Thread service = new Thread(() -> {
                try {
                    SpeedLayerMain.runForBench(config);
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "speed-layer");
            service.setDaemon(true);
            service.start();

            // Catch-up: from the first checkpoint (the group has joined) until every record is checkpointed.
            long[] first = awaitCheckpointed(stack, 1, Duration.ofMinutes(5));
            long[] done = awaitCheckpointed(stack, PRELOAD, Duration.ofMinutes(10));
            double catchup = (done[0] - first[0]) / ((done[1] - first[1]) / 1e9);
            System.err.printf("catch-up: %.0f readings/s (%d readings after the first checkpoint)%n", catchup, done[0] - first[0]);
            System.gc();
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);

            long[] at2k = live(stack, producer, sensors, seq, random, 2_000, Duration.ofSeconds(70));
            long[] at50k = live(stack, producer, sensors, seq, random, 50_000, Duration.ofSeconds(70));
            System.out.printf("BENCH {\"name\":\"speed\",\"figures\":{\"catchup_readings_per_s\":%d,"
                            + "\"latency_p50_ms_at_2k\":%d,\"latency_p99_ms_at_2k\":%d,\"latency_p99_ms_at_50k\":%d,\"heap_mb\":%d}}%n",
                    Math.round(catchup), at2k[0], at2k[1], at50k[1], heapMb);
            System.exit(0);
        }
    }

    /** Sends live readings (event time = now, traffic speeding) at {@code rate}/s; returns p50 and p99 latency in ms. */
    private static long[] live(LocalStack stack, KafkaProducer<String, byte[]> producer, List<Sensor> sensors, long[] seq,
                               SplittableRandom random, int rate, Duration length) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long phaseStart = System.currentTimeMillis();
        Thread reader = new Thread(() -> readAnomalies(stack, phaseStart, length, latencies), "anomaly-reader");
        reader.start();
        long startNanos = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - startNanos < length.toNanos()) {
            long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
            while (sent < due) {
                int s = (int) (sent % sensors.size());
                send(producer, reading(sensors.get(s), System.currentTimeMillis(), seq[s]++, random, true));
                sent++;
            }
            // Sleep to the next due reading instead of spinning: a spinning sender takes one of the two cores.
            java.util.concurrent.locks.LockSupport.parkNanos(Math.max(100_000L, 1_000_000_000L / rate));
        }
        producer.flush();
        reader.join();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.err.printf("live %d/s: %d readings, %d anomalies%n", rate, sent, sorted.size());
        if (sorted.isEmpty()) {
            return new long[] {-1, -1};
        }
        return new long[] {sorted.get(sorted.size() / 2), sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1))};
    }

    private static void readAnomalies(LocalStack stack, long phaseStart, Duration length, List<Long> latencies) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 1);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ANOMALIES.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long until = System.currentTimeMillis() + length.toMillis() + 5_000;
            while (System.currentTimeMillis() < until) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(5))) {
                    long now = System.currentTimeMillis();
                    Instant detectedAt = RecordJson.decode(record.value(), io.citypulse.contract.event.Anomaly.class).detectedAt();
                    if (detectedAt.toEpochMilli() >= phaseStart) {
                        latencies.add(now - detectedAt.toEpochMilli());
                    }
                }
            }
        }
    }

    private static long[] awaitCheckpointed(LocalStack stack, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
             Statement statement = db.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = statement.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM speed_layer_checkpoint")) {
                    rows.next();
                    long done = rows.getLong(1);
                    if (done >= target) {
                        return new long[] {done, System.nanoTime()};
                    }
                } catch (java.sql.SQLException e) {
                    // the table appears when the service starts
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("not checkpointed to " + target + " within " + timeout);
    }

    private static SensorReading reading(Sensor sensor, long eventMs, long seq, SplittableRandom random, boolean anomalous) {
        ReadingHeader header = new ReadingHeader(2, sensor.id() + "-" + seq, sensor.id(), sensor.type(), sensor.zone().id(),
                sensor.location(), Instant.ofEpochMilli(eventMs), seq);
        return switch (sensor.type()) {
            case TRAFFIC -> {
                double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
                double factor = anomalous ? 1.8 : 0.6;
                yield new TrafficReading(header, 5 + random.nextInt(5), limit * (factor + random.nextDouble() * 0.3),
                        10 + random.nextDouble() * 30);
            }
            case WEATHER -> new WeatherReading(header, 10 + random.nextDouble() * 5, 60, 1010, 3 + random.nextDouble() * 5,
                    0, anomalous ? 250 + random.nextInt(50) : 40 + random.nextInt(40));
            case ENERGY -> {
                double rated = sensor.attribute(SensorAttributes.RATED_LOAD_KW);
                double nominal = sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V);
                double power = rated * (0.3 + random.nextDouble() * 0.1);
                double voltage = nominal * (0.98 + random.nextDouble() * 0.04);
                yield new EnergyReading(header, power, voltage, power * 1000 / voltage, 0.95, 50.0);
            }
        };
    }

    private static void send(KafkaProducer<String, byte[]> producer, SensorReading reading) {
        producer.send(new ProducerRecord<>(Topics.readings(reading.sensorType()).name(), reading.sensorId(),
                ReadingCodec.encode(reading)));
    }

    private static KafkaProducer<String, byte[]> producer(LocalStack stack) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
