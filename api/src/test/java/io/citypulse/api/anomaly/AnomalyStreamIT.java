package io.citypulse.api.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.api.support.LocalStackResource;
import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.event.Severity;
import io.citypulse.contract.time.PlatformClock;
import io.citypulse.contract.topic.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(LocalStackResource.class)
class AnomalyStreamIT {

    @TestHTTPResource("/api/v1/anomalies/stream")
    URI stream;
    @Inject
    AnomalyFeed feed;

    @Test
    void streamsAnomaliesPublishedOnTheTopicThatMatchTheFilter() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(feed::ready);
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(URI.create(stream + "?severity=critical"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<String> firstEvent = CompletableFuture.supplyAsync(() -> firstDataLine(response.body()));
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.subscribers() > 0);

        Instant window = PlatformClock.now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        Anomaly low = anomaly("traffic-0007", Severity.LOW, window);
        Anomaly critical = anomaly("traffic-0008", Severity.CRITICAL, window);
        try (KafkaProducer<String, Anomaly> producer = new KafkaProducer<>(PlatformClock.stampingSends(producerProperties()),
                Topics.ANOMALIES.keySerde().serializer(), Topics.ANOMALIES.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), low.sensorId(), low)).get();
            producer.send(new ProducerRecord<>(Topics.ANOMALIES.name(), critical.sensorId(), critical)).get();
        }
        String data = firstEvent.get(30, TimeUnit.SECONDS);
        assertThat(data).contains("\"anomalyId\":\"" + critical.anomalyId() + "\"")
                .contains("\"severity\":\"CRITICAL\"").contains("\"sensorType\":\"traffic\"")
                .contains("\"attributes\":{\"lanes\":2.0}");
        response.body().close();
    }

    private static String firstDataLine(InputStream body) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return line.substring(5).trim();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Anomaly anomaly(String sensor, Severity severity, Instant window) {
        return new Anomaly(Anomaly.idFor(sensor, AnomalyType.SEVERE_CONGESTION, window), sensor, SensorType.TRAFFIC,
                "downtown", AnomalyType.SEVERE_CONGESTION, severity, window, window.plusSeconds(300), 8.0, 15.0,
                PlatformClock.now(), Map.of("lanes", 2.0), "speed below threshold");
    }

    private static Properties producerProperties() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, LocalStackResource.stack().kafkaBootstrapServers());
        return props;
    }
}
