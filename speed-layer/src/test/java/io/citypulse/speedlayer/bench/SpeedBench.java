package io.citypulse.speedlayer.bench;

import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.DecodeResult;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.contract.wire.RecordJson;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import io.citypulse.speedlayer.app.ItSupport;
import io.citypulse.speedlayer.app.KafkaClients;
import io.citypulse.speedlayer.app.SpeedLayerConfig;
import io.citypulse.speedlayer.app.SpeedLayerProcess;
import io.citypulse.speedlayer.detect.DetectionConfig;
import io.citypulse.speedlayer.window.WindowConfig;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Speed-layer benchmark (not a test). The speed layer runs as its own JVM ({@code -Xmx256m}, as deployed),
 * so the load generator's garbage and threads here do not pause it. Phases, one after another:
 * <ol>
 *   <li>preload 2M readings of the default city (210 sensors), one simulated minute in ten anomalous;</li>
 *   <li>anchor: a plain Kafka relay (consume, produce; the speed layer's own client settings) at 2k readings/s,
 *       timed like the speed layer: from the reading's append to its copy's append, and to its copy consumed;</li>
 *   <li>anchor: a plain consumer (the same settings) that reads the preload and only decodes it;</li>
 *   <li>catch-up: the speed layer starts and works through the preload; {@code heap_mb} after a full GC;</li>
 *   <li>latency at 2k/s and at 50k/s with live readings (event time = wall clock), every window anomalous.</li>
 * </ol>
 * Latency, as the issue defines it: from the append of the triggering reading (the one whose event time moved
 * its partition's watermark past the window end + lateness) to the anomaly on {@code citypulse.anomalies}. A live
 * reading's event time is the wall clock at {@code send()} (its CreateTime, a little before its append), and an
 * anomaly's {@code detectedAt} is exactly that event time. For the live phases the bench has the broker stamp the
 * anomalies topic with LogAppendTime, so latency = the anomaly's append timestamp - detectedAt; the {@code consumed_*}
 * figures add one more hop, to a consumer reading the topic (what the bench reported until 2026-11-21). The relay
 * anchor is timed both ways too. The service runs with a 5 s lateness so live windows close within a phase.
 * Prints one {@code BENCH {...}} line last.
 */
public final class SpeedBench {

    private static final int PRELOAD = Integer.getInteger("bench.readings", 2_000_000);
    private static final Duration LIVE_2K = Duration.ofSeconds(Long.getLong("bench.live2k.seconds", 250));
    private static final Duration LIVE_50K = Duration.ofSeconds(70);
    private static final Duration RELAY = Duration.ofSeconds(35);
    private static final Duration RELAY_WARMUP = Duration.ofSeconds(5);
    private static final String RELAY_IN = "citypulse.bench.relay-in";
    private static final String RELAY_OUT = "citypulse.bench.relay-out";
    private static final SensorCatalog CITY = SensorCatalog.defaultCity();
    private static final String GROUP = "speed-bench";

    public static void main(String[] args) throws Exception {
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests());
             KafkaProducer<String, byte[]> bulk = producer(stack, "lz4");
             KafkaProducer<String, byte[]> producer = producer(stack, "none")) {
            Load load = new Load(CITY.sensors());
            preload(bulk, load);
            long[] relay = relayAnchor(stack, producer, load);
            double plainConsumer = plainConsumerAnchor(stack);

            int metricsPort = freePort();
            try (SpeedLayerProcess speedLayer = SpeedLayerProcess.start(stack, moduleTarget().resolve("speed-bench.log"),
                    "--group", GROUP, "--lateness", "PT5S", "--metrics-port", Integer.toString(metricsPort))) {
                // Catch-up: from the first checkpoint (the group has joined) until every record is checkpointed.
                long[] first = awaitCheckpointed(stack, 1, Duration.ofMinutes(5));
                long[] done = awaitCheckpointed(stack, PRELOAD, Duration.ofMinutes(10));
                double catchup = (done[0] - first[0]) / ((done[1] - first[1]) / 1e9);
                System.err.printf("catch-up: %.0f readings/s (%d readings after the first checkpoint)%n", catchup, done[0] - first[0]);
                long heapMb = heapAfterGc(speedLayer.pid(), metricsPort);
                stampAppendTime(stack, Topics.ANOMALIES.name());

                long[] at2k = live(stack, producer, load, 2_000, LIVE_2K);
                long[] at50k = live(stack, producer, load, 50_000, LIVE_50K);
                int exit = speedLayer.terminate();
                if (exit != 0 && exit != 143) { // 143 = 128 + SIGTERM, after the hook ran
                    throw new IllegalStateException("the speed layer did not stop cleanly; see speed-layer/target/speed-bench.log");
                }
                System.out.printf(Locale.ROOT, "BENCH {\"name\":\"speed\",\"figures\":{\"catchup_readings_per_s\":%d,"
                                + "\"plain_consumer_readings_per_s\":%d,\"catchup_vs_plain_consumer\":%.2f,"
                                + "\"latency_p50_ms_at_2k\":%d,\"latency_p99_ms_at_2k\":%d,\"latency_p99_ms_at_50k\":%d,\"heap_mb\":%d,"
                                + "\"relay_p50_ms_at_2k\":%d,\"relay_p99_ms_at_2k\":%d,\"latency_p99_vs_relay_at_2k\":%.2f,"
                                + "\"consumed_p50_ms_at_2k\":%d,\"consumed_p99_ms_at_2k\":%d,\"consumed_p99_ms_at_50k\":%d,"
                                + "\"relay_consumed_p99_ms_at_2k\":%d}}%n",
                        Math.round(catchup), Math.round(plainConsumer), catchup / plainConsumer, at2k[0], at2k[1],
                        at50k[1], heapMb, relay[0], relay[1], (double) at2k[1] / Math.max(relay[1], 1),
                        at2k[2], at2k[3], at50k[3], relay[3]);
            }
        }
        System.exit(0);
    }

    /** Sequence numbers and randomness of the simulated city, shared by all phases. */
    private static final class Load {
        final List<Sensor> sensors;
        final long[] seq;
        final SplittableRandom random = new SplittableRandom(42);

        Load(List<Sensor> sensors) {
            this.sensors = sensors;
            this.seq = new long[sensors.size()];
        }

        SensorReading next(int sensorIndex, long eventMs, boolean anomalous) {
            return reading(sensors.get(sensorIndex), eventMs, seq[sensorIndex]++, random, anomalous);
        }
    }

    /** History ending a minute before now; every tenth minute anomalous, so the detection path is warm. */
    private static void preload(KafkaProducer<String, byte[]> producer, Load load) {
        int sensors = load.sensors.size();
        long historyStart = System.currentTimeMillis() - (long) Math.ceil(PRELOAD / (double) sensors) * 1000 - 60_000;
        long appendStart = System.nanoTime();
        for (int i = 0; i < PRELOAD; i++) {
            long eventMs = historyStart + (i / sensors) * 1000L;
            send(producer, load.next(i % sensors, eventMs, (eventMs / 60_000) % 10 == 5));
        }
        producer.flush();
        System.err.printf("appended %d readings in %.1f s%n", PRELOAD, (System.nanoTime() - appendStart) / 1e9);
    }

    /** The speed layer's settings for an anchor's clients, in a consumer group of its own. */
    private static SpeedLayerConfig anchorConfig(LocalStack stack, String group) {
        return new SpeedLayerConfig(stack.kafkaBootstrapServers(), stack.jdbcUrl(), stack.dbUser(), stack.dbPassword(),
                group, 0, SensorCatalog.DEFAULT_SEED, SensorCatalog.DEFAULT_TRAFFIC, SensorCatalog.DEFAULT_WEATHER,
                SensorCatalog.DEFAULT_ENERGY, WindowConfig.DEFAULT, DetectionConfig.DEFAULT, Duration.ofSeconds(1), 20_000);
    }

    /**
     * The catch-up anchor: a plain consumer with the speed layer's settings that reads the preload and only decodes
     * it (no windows, rules or sink), in this JVM. Readings per second from its first record to its last.
     */
    private static double plainConsumerAnchor(LocalStack stack) {
        try (Consumer<byte[], byte[]> consumer = KafkaClients.consumer(anchorConfig(stack, "plain-consumer-anchor"),
                "plain-consumer")) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (var topic : Topics.readingTopics()) {
                for (int p = 0; p < topic.partitions(); p++) {
                    partitions.add(new TopicPartition(topic.name(), p));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long read = 0;
            long valid = 0;
            long first = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (read < PRELOAD) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the plain consumer read " + read + " of " + PRELOAD + " in 5 min");
                }
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (first == 0 && !records.isEmpty()) {
                    first = System.nanoTime();
                }
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    read++;
                    if (ReadingCodec.decode(record.value()) instanceof DecodeResult.Valid) {
                        valid++;
                    }
                }
            }
            double perSecond = read / ((System.nanoTime() - first) / 1e9);
            System.err.printf("catch-up anchor (plain consumer, decode only): %.0f readings/s (%d valid of %d)%n",
                    perSecond, valid, read);
            return perSecond;
        }
    }

    /**
     * The floor for two Kafka hops on this machine: readings at 2k/s to {@code relay-in}, copied by a plain
     * consume-produce loop to {@code relay-out} (same client settings as the speed layer),
     * and timed like the speed layer: to the copy's append, and to a consumer reading it. Returns p50 and p99 of
     * both, in ms.
     */
    private static long[] relayAnchor(LocalStack stack, KafkaProducer<String, byte[]> producer, Load load) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(RELAY_IN, 9, (short) 1), new NewTopic(RELAY_OUT, 3, (short) 1)
                    .configs(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime")))).all().get(30, TimeUnit.SECONDS);
        }
        SpeedLayerConfig config = anchorConfig(stack, "relay-anchor");
        AtomicBoolean running = new AtomicBoolean(true);
        Thread relay = new Thread(() -> {
            try (Consumer<byte[], byte[]> in = KafkaClients.consumer(config, "relay-in");
                 Producer<byte[], byte[]> out = KafkaClients.producer(config, "relay-out")) {
                assignAtEnd(in, RELAY_IN);
                out.partitionsFor(RELAY_OUT);
                while (running.get()) {
                    for (ConsumerRecord<byte[], byte[]> record : in.poll(Duration.ofMillis(100))) {
                        out.send(new ProducerRecord<>(RELAY_OUT, null, record.timestamp(), record.key(), record.value()));
                    }
                }
            }
        }, "relay");
        relay.start();
        Latencies latencies = new Latencies();
        // The relay's first seconds (connections, JIT) are warm-up; the speed layer is warm from its catch-up.
        long countFrom = System.currentTimeMillis() + RELAY_WARMUP.toMillis();
        // The copy's timestamp is its append time: the latency counts from the reading's event time (its send).
        Thread reader = startReader(stack, RELAY_OUT, RELAY, countFrom, record -> ((DecodeResult.Valid)
                ReadingCodec.decode(record.value())).reading().eventTime().toEpochMilli(), latencies);
        Thread.sleep(2_000); // both clients positioned at the end before the first reading
        long sent = paced(producer, load, 2_000, RELAY, reading -> RELAY_IN);
        reader.join();
        running.set(false);
        relay.join();
        return percentiles("relay anchor 2000/s", sent, latencies);
    }

    /**
     * Live readings (event time = now, every window anomalous) at {@code rate}/s; returns p50 and p99 latency to the
     * anomaly's append, then to a consumer reading it, in ms.
     */
    private static long[] live(LocalStack stack, KafkaProducer<String, byte[]> producer, Load load, int rate,
                               Duration length) throws Exception {
        Latencies latencies = new Latencies();
        long phaseStart = System.currentTimeMillis();
        // Only anomalies of windows that hold this phase's readings: the first live reading also ends the history's
        // last windows and reports every sensor silent since the history ended; those detections are correct but
        // an artefact of the gap between the phases, not of the load being measured.
        Thread reader = startReader(stack, Topics.ANOMALIES.name(), length, phaseStart, record -> {
            Anomaly anomaly = RecordJson.decode(record.value(), Anomaly.class);
            boolean ofThisPhase = anomaly.type() != AnomalyType.SILENT_SENSOR && anomaly.windowEnd().toEpochMilli() > phaseStart;
            return ofThisPhase ? anomaly.detectedAt().toEpochMilli() : null;
        }, latencies);
        long sent = paced(producer, load, rate, length, reading -> Topics.readings(reading.sensorType()).name());
        reader.join();
        return percentiles("live " + rate + "/s", sent, latencies);
    }

    /** Sends live readings round-robin over the sensors at {@code rate}/s for {@code length}; returns the count. */
    private static long paced(KafkaProducer<String, byte[]> producer, Load load, int rate, Duration length,
                              Function<SensorReading, String> topic) {
        long startNanos = System.nanoTime();
        long sent = 0;
        while (System.nanoTime() - startNanos < length.toNanos()) {
            long due = (System.nanoTime() - startNanos) * rate / 1_000_000_000L;
            while (sent < due) {
                SensorReading reading = load.next((int) (sent % load.sensors.size()), System.currentTimeMillis(), true);
                producer.send(new ProducerRecord<>(topic.apply(reading), reading.sensorId(), ReadingCodec.encode(reading)));
                sent++;
            }
            // Sleep to the next due reading instead of spinning: a spinning sender takes one of the two cores.
            LockSupport.parkNanos(Math.max(100_000L, 1_000_000_000L / rate));
        }
        producer.flush();
        return sent;
    }

    /** Latencies of one phase in ms: to the record's append on the output topic, and to a consumer reading it. */
    private record Latencies(List<Long> toAppend, List<Long> toConsumer) {
        Latencies() {
            this(Collections.synchronizedList(new ArrayList<>()), Collections.synchronizedList(new ArrayList<>()));
        }
    }

    /**
     * Reads {@code topic} (LogAppendTime, so a record's timestamp is its append) from its end for {@code length} + 5 s;
     * for each record, {@code start} gives the time its latency counts from (null: not counted). Records that started
     * before {@code countFrom} are not counted.
     */
    private static Thread startReader(LocalStack stack, String topic, Duration length, long countFrom,
                                      Function<ConsumerRecord<byte[], byte[]>, Long> start, Latencies latencies) {
        Thread reader = new Thread(() -> {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                assignAtEnd(consumer, topic);
                long until = System.currentTimeMillis() + length.toMillis() + 5_000;
                // Records are decoded after the phase: decoding one poll's records while the next ones wait would
                // add the reader's own work to their latency.
                List<Map.Entry<Long, ConsumerRecord<byte[], byte[]>>> consumed = new ArrayList<>();
                while (System.currentTimeMillis() < until) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    long consumedAt = System.currentTimeMillis();
                    records.forEach(record -> consumed.add(Map.entry(consumedAt, record)));
                }
                for (Map.Entry<Long, ConsumerRecord<byte[], byte[]>> entry : consumed) {
                    ConsumerRecord<byte[], byte[]> record = entry.getValue();
                    if (record.timestampType() != TimestampType.LOG_APPEND_TIME) {
                        throw new IllegalStateException(topic + " does not stamp LogAppendTime: " + record.timestampType());
                    }
                    Long from = start.apply(record);
                    if (from != null && from >= countFrom) {
                        latencies.toAppend().add(record.timestamp() - from);
                        latencies.toConsumer().add(entry.getKey() - from);
                    }
                }
            }
        }, "latency-reader");
        reader.start();
        return reader;
    }

    /**
     * Makes the broker stamp {@code topic}'s records with their append time: the end point of the latency
     * ("to the anomaly on the anomalies topic"). A bench-only setting; deployed topics keep CreateTime.
     */
    private static void stampAppendTime(LocalStack stack, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime"), AlterConfigOp.OpType.SET))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    private static void assignAtEnd(Consumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** {p50, p99} to the append, then {p50, p99} to the consumer, in ms. */
    private static long[] percentiles(String phase, long sent, Latencies latencies) {
        long[] toAppend = percentiles(phase + " to append", sent, latencies.toAppend());
        long[] toConsumer = percentiles(phase + " to consumer", sent, latencies.toConsumer());
        return new long[] {toAppend[0], toAppend[1], toConsumer[0], toConsumer[1]};
    }

    private static long[] percentiles(String phase, long sent, List<Long> latencies) {
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            throw new IllegalStateException(phase + ": nothing arrived downstream of " + sent + " readings");
        }
        long p50 = sorted.get(sorted.size() / 2);
        long p99 = sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(sorted.size() * 0.99) - 1));
        System.err.printf("%s: %d readings, %d timed records, p50 %d ms, p99 %d ms, max %d ms%n",
                phase, sent, sorted.size(), p50, p99, sorted.get(sorted.size() - 1));
        return new long[] {p50, p99};
    }

    /** Heap in use after a full GC of the speed-layer JVM (jcmd GC.run), from its /metrics. */
    private static long heapAfterGc(long pid, int metricsPort) throws Exception {
        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), "GC.run").redirectErrorStream(true).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            throw new IllegalStateException("jcmd GC.run failed: " + new String(gc.getInputStream().readAllBytes()));
        }
        String metrics = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double heap = metrics.lines()
                .filter(line -> line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
        if (heap <= 0) {
            throw new IllegalStateException("no jvm_memory_used_bytes{area=\"heap\"} on the speed layer's /metrics");
        }
        return Math.round(heap / (1024 * 1024));
    }

    private static long[] awaitCheckpointed(LocalStack stack, long target, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Connection db = DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword())) {
            while (System.nanoTime() < deadline) {
                long done = ItSupport.checkpointed(db, GROUP);
                if (done >= target) {
                    return new long[] {done, System.nanoTime()};
                }
                Thread.sleep(20);
            }
        }
        throw new IllegalStateException("not checkpointed to " + target + " within " + timeout);
    }

    private static SensorReading reading(Sensor sensor, long eventMs, long seq, SplittableRandom random, boolean anomalous) {
        ReadingHeader header = new ReadingHeader(2, sensor.id() + "-" + seq, sensor.id(), sensor.type(), sensor.zone().id(),
                sensor.location(), Instant.ofEpochMilli(eventMs), seq);
        return switch (sensor.type().wireName()) {
            case "traffic" -> {
                double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
                double factor = anomalous ? 1.8 : 0.6;
                yield new SensorReading(header, 5 + random.nextInt(5), limit * (factor + random.nextDouble() * 0.3),
                        10 + random.nextDouble() * 30);
            }
            case "weather" -> new SensorReading(header, 10 + random.nextDouble() * 5, 60, 1010, 3 + random.nextDouble() * 5,
                    0, anomalous ? 250 + random.nextInt(50) : 40 + random.nextInt(40));
            case "energy" -> {
                double rated = sensor.attribute(SensorAttributes.RATED_LOAD_KW);
                double nominal = sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V);
                double power = rated * (0.3 + random.nextDouble() * 0.1);
                double voltage = nominal * (0.98 + random.nextDouble() * 0.04);
                yield new SensorReading(header, power, voltage, power * 1000 / voltage, 0.95, 50.0);
            }
            default -> throw new IllegalArgumentException("no test values for " + sensor.type());
        };
    }

    private static void send(KafkaProducer<String, byte[]> producer, SensorReading reading) {
        producer.send(new ProducerRecord<>(Topics.readings(reading.sensorType()).name(), reading.sensorId(),
                ReadingCodec.encode(reading)));
    }

    /** speed-layer/target, wherever the bench is started from. */
    private static Path moduleTarget() throws java.net.URISyntaxException {
        return Path.of(SpeedBench.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /**
     * A load producer: lz4 for the bulk preload (as the generator); none for the paced live readings, where every
     * 1 ms batch would otherwise allocate a fresh 64 KB lz4 block buffer and the garbage would pause this JVM's
     * relay and reader threads.
     */
    private static KafkaProducer<String, byte[]> producer(LocalStack stack, String compression) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
