package io.citypulse.generator.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.InjectionKind;
import io.citypulse.contract.event.InjectionLabel;
import io.citypulse.contract.event.SensorType;
import io.citypulse.contract.topic.Topics;
import io.citypulse.observability.MetricsServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Delivery accounting (a failed send is counted, never dropped) and the documented metrics on /metrics. */
class KafkaRecordSinkTest {

    @Test
    void countsAcknowledgedAndFailedRecordsAndServesTheDocumentedMetrics() throws Exception {
        MockProducer<String, byte[]> producer = new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, "generator", () -> true)) {
            KafkaRecordSink sink = new KafkaRecordSink(producer, new GeneratorMetrics(server.registry()), Optional.empty());
            sink.reading(SensorType.TRAFFIC, "traffic-0001", new byte[] {1});
            sink.reading(SensorType.TRAFFIC, "traffic-0001", new byte[] {2});
            sink.reading(SensorType.ENERGY, "energy-0001", new byte[] {3});
            sink.label(new InjectionLabel("l1", InjectionKind.DUPLICATE, null, "traffic-0001", SensorType.TRAFFIC,
                    Instant.EPOCH, Instant.EPOCH, "traffic-0001-0", "re-sent once"));
            producer.completeNext();
            producer.errorNext(new org.apache.kafka.common.errors.TimeoutException("broker gone"));
            producer.completeNext();
            producer.completeNext();

            DeliveryReport report = sink.report();
            assertThat(report).isEqualTo(new DeliveryReport(4, 3, 1, 1));
            assertThat(report.complete()).isFalse();
            assertThat(producer.history()).extracting(r -> r.topic()).containsExactly(
                    Topics.readings(SensorType.TRAFFIC).name(), Topics.readings(SensorType.TRAFFIC).name(), Topics.readings(SensorType.ENERGY).name(),
                    Topics.GROUND_TRUTH.name());

            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(body)
                    .contains("citypulse_generator_events_sent_total{application=\"generator\",sensor_type=\"traffic\"} 1.0")
                    .contains("citypulse_generator_events_sent_total{application=\"generator\",sensor_type=\"energy\"} 1.0")
                    .contains("citypulse_generator_send_errors_total{application=\"generator\"} 1.0")
                    .contains("citypulse_generator_injections_total{application=\"generator\",kind=\"duplicate\"} 1.0")
                    .contains("citypulse_generator_send_latency_seconds_count");
        }
    }
}
