package io.citypulse.batch.bench;

import io.citypulse.batch.cli.JobConfig;
import io.citypulse.batch.cli.SparkSessions;
import io.citypulse.batch.compact.CompactJob;
import io.citypulse.batch.ingest.IngestJob;
import io.citypulse.batch.metrics.JobSummary;
import io.citypulse.contract.catalog.Sensor;
import io.citypulse.contract.catalog.SensorAttributes;
import io.citypulse.contract.catalog.SensorCatalog;
import io.citypulse.contract.event.ReadingHeader;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.contract.topic.Topics;
import io.citypulse.contract.wire.ReadingCodec;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.SparkSession;

/**
 * Batch benchmark (not a test): 2M realistic readings of the default city (one per sensor per second), then
 * ingest and compact on local[2], then the anchor, a plain {@code from_json} job ({@link FromJsonAnchor}), over
 * the same records. Last line: {@code BENCH {"name":"batch","figures":{...}}}.
 */
public final class BatchBench {

    private static final int TOTAL = Integer.getInteger("bench.rows", 2_000_000);
    /** {@code -Dbench.anchor=false} skips the anchor, e.g. to compare two builds of the ingest back to back. */
    private static final boolean ANCHOR = switch (System.getProperty("bench.anchor", "true")) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new IllegalArgumentException("-Dbench.anchor must be true or false, got '"
                + System.getProperty("bench.anchor") + "'");
    };

    private BatchBench() {
    }

    public static void main(String[] args) throws Exception {
        String figures;
        double ingestRowsPerSecond;
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests())) {
            JobConfig config = JobConfig.fromEnvironment(stack.environment());
            long[] produced = produce(stack.kafkaBootstrapServers());
            SparkSession spark = SparkSessions.create("citypulse-bench", "local[2]", config);
            try {
                JobSummary ingest = new JobSummary("ingest");
                Map<String, Double> cpuBefore = ThreadCpu.snapshot();
                long t0 = System.nanoTime();
                new IngestJob().run(spark, config, ingest);
                double ingestSeconds = (System.nanoTime() - t0) / 1e9;
                // Where the ingest's CPU went in this JVM (a cold JVM, as under spark-submit): JIT is a large share.
                System.err.println("ingest CPU by thread kind: " + ThreadCpu.since(cpuBefore));
                System.out.println(ingest.line());
                JobSummary compact = new JobSummary("compact");
                cpuBefore = ThreadCpu.snapshot();
                long t1 = System.nanoTime();
                CompactJob.withTarget(128).run(spark, config, compact);
                double compactSeconds = (System.nanoTime() - t1) / 1e9;
                System.err.println("compact CPU by thread kind: " + ThreadCpu.since(cpuBefore));
                System.out.println(compact.line());
                if (ingest.get("rows") != produced[0]) {
                    throw new IllegalStateException("ingested " + ingest.get("rows") + " rows of " + produced[0]);
                }
                ingestRowsPerSecond = produced[0] / ingestSeconds;
                figures = String.format(Locale.ROOT, "\"ingest_rows_per_s\":%d,\"compression_ratio\":%.1f,"
                                + "\"compact_seconds\":%.1f", Math.round(ingestRowsPerSecond),
                        (double) produced[1] / ingest.get("bytes"), compactSeconds);
            } finally {
                spark.stop();
            }
            // The anchor runs after our session has stopped, in a JVM of its own: both jobs start cold.
            if (ANCHOR) {
                double anchorRowsPerSecond = produced[0] / runAnchor(stack.environment(), produced[0]);
                figures += String.format(Locale.ROOT, ",\"from_json_anchor_rows_per_s\":%d,\"ingest_vs_from_json\":%.2f",
                        Math.round(anchorRowsPerSecond), ingestRowsPerSecond / anchorRowsPerSecond);
            }
        }
        String bench = "BENCH {\"name\":\"batch\",\"figures\":{" + figures + "}}";
        System.out.println(bench);
    }

    /**
     * Runs {@link FromJsonAnchor} with this JVM's binary, flags and classpath against the same stack; returns its
     * seconds after checking that it wrote every produced record.
     */
    private static double runAnchor(Map<String, String> stackEnvironment, long produced) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FromJsonAnchor.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(stackEnvironment);
        Process anchor = builder.start();
        String output = new String(anchor.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (anchor.waitFor() != 0) {
            throw new IllegalStateException("the from_json anchor failed (exit " + anchor.exitValue() + "): " + output);
        }
        Matcher result = Pattern.compile("ANCHOR rows=(\\d+) seconds=([0-9.]+)").matcher(output);
        if (!result.find() || Long.parseLong(result.group(1)) != produced) {
            throw new IllegalStateException("the from_json anchor did not write the " + produced + " records: " + output);
        }
        System.out.println(result.group());
        return Double.parseDouble(result.group(2));
    }

    /** Returns {records, value bytes}. */
    private static long[] produce(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        List<Sensor> sensors = SensorCatalog.defaultCity().sensors();
        double[][] state = new double[sensors.size()][6];
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < sensors.size(); i++) {
            for (int j = 0; j < 6; j++) {
                state[i][j] = random.nextDouble();
            }
        }
        long start = Instant.parse("2026-11-21T06:00:00Z").getEpochSecond();
        long records = 0;
        long bytes = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
            for (long second = start; records < TOTAL; second++) {
                for (int i = 0; i < sensors.size() && records < TOTAL; i++) {
                    Sensor sensor = sensors.get(i);
                    SensorReading reading = reading(sensor, second, state[i], random);
                    byte[] value = ReadingCodec.encode(reading);
                    producer.send(new ProducerRecord<>(Topics.readings(sensor.type()).name(), sensor.id(), value));
                    records++;
                    bytes += value.length;
                }
            }
            producer.flush();
        }
        return new long[] {records, bytes};
    }

    /** A random walk per sensor (state in [0,1]), measures rounded to the sensor's precision. */
    private static SensorReading reading(Sensor sensor, long second, double[] s, SplittableRandom r) {
        for (int j = 0; j < s.length; j++) {
            s[j] = Math.min(1, Math.max(0, s[j] + (r.nextDouble() - 0.5) * 0.02));
        }
        ReadingHeader h = new ReadingHeader(2, sensor.id() + "-" + second, sensor.id(), sensor.type(), sensor.zone().id(),
                sensor.location(), Instant.ofEpochSecond(second), second);
        return switch (sensor.type().wireName()) {
            case "traffic" -> {
                double limit = sensor.attribute(SensorAttributes.SPEED_LIMIT_KMH);
                yield new SensorReading(h, (int) Math.round(s[0] * 3 * sensor.attribute(SensorAttributes.LANES)),
                        round(limit * (0.3 + 0.8 * s[1]), 1), round(5 + 60 * s[2], 1));
            }
            case "weather" -> new SensorReading(h, round(2 + 12 * s[0], 1), round(55 + 40 * s[1], 1), round(995 + 30 * s[2], 1),
                    round(12 * s[3], 1), round(s[4] < 0.7 ? 0 : 8 * (s[4] - 0.7), 1), (int) Math.round(20 + 80 * s[5]));
            case "energy" -> {
                double rated = sensor.attribute(SensorAttributes.RATED_LOAD_KW);
                double volts = sensor.attribute(SensorAttributes.NOMINAL_VOLTAGE_V) * (0.97 + 0.06 * s[1]);
                double kw = rated * (0.2 + 0.6 * s[0]);
                double pf = 0.85 + 0.14 * s[2];
                yield new SensorReading(h, round(kw, 2), round(volts, 1), round(Math.min(9_999, kw * 1000 / volts / pf), 2),
                        round(pf, 2), round(49.95 + 0.1 * s[3], 2));
            }
            default -> throw new IllegalArgumentException("no test values for " + sensor.type());
        };
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
