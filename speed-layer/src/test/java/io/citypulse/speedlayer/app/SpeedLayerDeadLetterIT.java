package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.contract.topic.DeadLetterHeaders;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A malformed record goes to the dead-letter topic with its reason and origin; the service keeps going and serves its metrics. */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerDeadLetterIT {

    private static final List<String> DOCUMENTED_METRICS = List.of(
            "citypulse_speed_readings_processed_total", "citypulse_speed_readings_rejected_total",
            "citypulse_speed_readings_late_total", "citypulse_speed_anomalies_total",
            "citypulse_speed_watermark_lag_seconds", "citypulse_speed_detection_latency_seconds_bucket",
            "citypulse_speed_consumer_lag_records");

    @Test
    void sendsMalformedRecordToDeadLetterWithReasonAndKeepsProcessing(LocalStack stack) throws Exception {
        String key = "dead-letter-it-" + UUID.randomUUID();
        byte[] garbage = "{\"schema_version\": 2, \"sensor_id\": tru".getBytes(StandardCharsets.UTF_8);
        ItSupport.append(stack, List.of(new SeededInput.Input(Topics.readings(SensorType.WEATHER).name(), key, garbage)));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        try (SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile("dead-letter-it"),
                "--group", "dead-letter-it", "--metrics-port", "" + port, "--flush-interval", "PT0.1S")) {
            ConsumerRecord<byte[], byte[]> dead = awaitDeadLetter(stack, key);
            Map<String, String> headers = new HashMap<>();
            for (Header header : dead.headers()) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
            assertThat(dead.value()).isEqualTo(garbage);
            assertThat(headers).containsEntry(DeadLetterHeaders.REASON, "not_decodable")
                    .containsEntry(DeadLetterHeaders.SOURCE_TOPIC, Topics.readings(SensorType.WEATHER).name())
                    .containsEntry(DeadLetterHeaders.REJECTED_BY, "speed-layer")
                    .containsKeys(DeadLetterHeaders.DETAIL, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET);
            assertThat(headers.get(DeadLetterHeaders.DETAIL)).startsWith("not_decodable");

            HttpClient http = HttpClient.newHttpClient();
            AtomicReference<String> scrape = new AtomicReference<>("");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                scrape.set(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                assertThat(scrape.get()).contains("citypulse_speed_readings_rejected_total{application=\"speed-layer\",reason=\"not_decodable\"}");
            });
            assertThat(DOCUMENTED_METRICS).allSatisfy(name -> assertThat(scrape.get()).contains(name));
            assertThat(process.terminate()).as("exit after SIGTERM (143 = 128 + SIGTERM, after the hook ran)").isIn(0, 143);
        }
    }

    private static ConsumerRecord<byte[], byte[]> awaitDeadLetter(LocalStack stack, String key) {
        try (KafkaConsumer<byte[], byte[]> consumer = ItSupport.consumer(stack)) {
            TopicPartition partition = new TopicPartition(Topics.DEAD_LETTER.name(), 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            AtomicReference<ConsumerRecord<byte[], byte[]>> found = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() != null && key.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
            return found.get();
        }
    }
}
