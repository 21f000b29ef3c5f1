package io.citypulse.generator.bench;

import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.generator.GeneratorCommand;
import io.citypulse.generator.GeneratorRun;
import io.citypulse.generator.publish.DeliveryReport;
import io.citypulse.generator.publish.GeneratorMetrics;
import io.citypulse.generator.publish.KafkaRecordSink;
import io.citypulse.generator.publish.ProducerProperties;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;

/**
 * {@code ./citypulse bench generator}: 2M readings in simulated mode, injections off, into a local broker
 * (acks=all); timing covers generation, encoding and delivery up to the final flush.
 *
 * <p>The anchor is Kafka's own {@code ProducerPerformance} in a JVM of its own, sending the same number of records
 * to the same broker with the generator's producer settings, its payloads drawn from readings the generator wrote.
 * After one warm-up run of the generator, three pairs, interleaved, so that a slower machine slows both: {@code events_vs_producer_perf} is what to compare
 * across machines. Last line: {@code BENCH {...}}.
 */
public final class GeneratorBench {

    private static final long EVENTS = 2_000_000;
    private static final int PAIRS = 3;
    private static final int PAYLOADS = 20_000;
    private static final String ANCHOR_TOPIC = "bench.producer-performance";
    private static final Pattern PERF_RESULT = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");

    public static void main(String[] args) throws Exception {
        long events = args.length > 0 ? Long.parseLong(args[0]) : EVENTS;
        double[] ours = new double[PAIRS];
        double[] anchor = new double[PAIRS];
        double[] ratios = new double[PAIRS];
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests())) {
            String bootstrap = stack.kafkaBootstrapServers();
            createAnchorTopic(bootstrap);
            // A first run, not counted: this JVM's JIT compiles the generator's hot path (ProducerPerformance, a
            // plain loop, warms up within its own run); its readings are the anchor's payloads.
            System.out.printf(Locale.ROOT, "warm-up: %,.0f events/s (not counted)%n", generate(bootstrap, events));
            Path payloads = payloadFile(bootstrap);
            for (int pair = 0; pair < PAIRS; pair++) {
                ours[pair] = generate(bootstrap, events);
                anchor[pair] = producerPerformance(bootstrap, events, payloads);
                ratios[pair] = ours[pair] / anchor[pair];
                System.out.printf(Locale.ROOT, "pair %d: generator %,.0f events/s, ProducerPerformance %,.0f records/s: "
                        + "%.2f%n", pair + 1, ours[pair], anchor[pair], ratios[pair]);
            }
        }
        System.out.printf(Locale.ROOT, "BENCH {\"name\":\"generator\",\"figures\":{\"events_per_s\":%d,"
                        + "\"producer_perf_records_per_s\":%d,\"events_vs_producer_perf\":%.2f}}%n",
                Math.round(median(ours)), Math.round(median(anchor)), median(ratios));
    }

    /** One generator run; events per second. */
    private static double generate(String bootstrap, long events) throws Exception {
        CommandLine cmd = GeneratorCommand.commandLine();
        cmd.parseArgs("--bootstrap-servers", bootstrap, "--mode", "simulated", "--start", "2026-03-04T06:00:00Z",
                "--events", Long.toString(events), "--injections", "none", "--metrics-port", "0", "--no-progress");
        GeneratorRun run = new GeneratorRun(GeneratorCommand.configOf(cmd));
        try (KafkaRecordSink sink = KafkaRecordSink.connect(bootstrap, GeneratorMetrics.unexposed(), Optional.empty())) {
            long started = System.nanoTime();
            long generated = run.run(sink, sink::attempted, System.err);
            sink.flush();
            double seconds = (System.nanoTime() - started) / 1e9;
            DeliveryReport report = sink.report();
            if (!report.complete() || generated != events) {
                throw new IllegalStateException("incomplete delivery: " + report + ", generated " + generated);
            }
            System.out.printf(Locale.ROOT, "generator: %,d events in %.2f s = %,.0f events/s (%s)%n", events, seconds,
                    events / seconds, report);
            return events / seconds;
        }
    }

    /** Kafka's ProducerPerformance with the generator's producer settings; records per second as it reports them. */
    private static double producerPerformance(String bootstrap, long records, Path payloads) throws Exception {
        Properties settings = ProducerProperties.forGenerator(bootstrap);
        for (String own : List.of(ProducerConfig.CLIENT_ID_CONFIG, ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ProducerConfig.INTERCEPTOR_CLASSES_CONFIG)) {
            settings.remove(own); // ProducerPerformance sets its own serializers; no clock shift in a bench
        }
        Path config = Files.createTempFile("citypulse-producer-perf-", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            settings.store(out, "the generator's producer settings (ProducerProperties)");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", LocalStack.kafkaClasspath(), "org.apache.kafka.tools.ProducerPerformance",
                "--topic", ANCHOR_TOPIC, "--num-records", Long.toString(records), "--throughput", "-1",
                "--payload-file", payloads.toString(), "--producer.config", config.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("ProducerPerformance failed:\n" + output);
        }
        long sent = -1;
        double perSecond = 0;
        for (Matcher m = PERF_RESULT.matcher(output); m.find(); ) { // its last line is the whole run's
            sent = Long.parseLong(m.group(1));
            perSecond = Double.parseDouble(m.group(2));
        }
        if (sent != records) {
            throw new IllegalStateException("ProducerPerformance did not report " + records + " records:\n" + output);
        }
        System.out.println("ProducerPerformance: " + output.lines().reduce((a, b) -> b).orElse(""));
        return perSecond;
    }

    /** Readings the generator wrote, one per line, for ProducerPerformance to draw its payloads from. */
    private static Path payloadFile(String bootstrap) throws IOException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Path file = Files.createTempFile("citypulse-payloads-", ".jsonl");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); OutputStream out = Files.newOutputStream(file)) {
            List<TopicPartition> partitions = Topics.readingTopics().stream()
                    .flatMap(t -> IntStream.range(0, t.partitions()).mapToObj(p -> new TopicPartition(t.name(), p)))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            int written = 0;
            while (written < PAYLOADS) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    if (written++ < PAYLOADS) {
                        out.write(record.value());
                        out.write('\n');
                    }
                }
            }
        }
        return file;
    }

    private static void createAnchorTopic(String bootstrap) throws Exception {
        int partitions = Topics.readings(SensorType.TRAFFIC).partitions();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(ANCHOR_TOPIC, partitions, (short) 1))).all().get();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
