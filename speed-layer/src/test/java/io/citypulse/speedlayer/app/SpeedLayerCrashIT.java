package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Kill -9 the speed layer twice over a fixed pre-loaded input, restart it each time, and compare the sinks
 * with an uninterrupted run: they must be equal row for row. Also scores the uninterrupted run's detections
 * against the input's labels (own seeded input until the generator module exists).
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerCrashIT {

    @Test
    void killedAndRestartedRunEndsExactlyLikeAnUninterruptedRun(LocalStack stack) throws Exception {
        SeededInput input = new SeededInput(60, 7);
        ItSupport.append(stack, input.records);
        long end = ItSupport.readingEndOffsets(stack);

        ItSupport.clearSinks(stack);
        ItSupport.runToEnd(stack, "crash-it-clean", end, List.of());
        ItSupport.SinkRows clean = ItSupport.sinkRows(stack);

        ItSupport.clearSinks(stack);
        ItSupport.runToEnd(stack, "crash-it-crashy", end, List.of(1L, end / 2));

        ItSupport.assertSinksEqual(stack, clean);
        assertThat(clean.aggregates()).hasSizeGreaterThan(30 * 55);
        scoreAgainstLabels(input, clean.anomalies());
    }

    private static void scoreAgainstLabels(SeededInput input, List<Map<String, Object>> anomalies) {
        List<SeededInput.Label> recalled = new ArrayList<>();
        int truePositives = 0;
        List<Map<String, Object>> falsePositives = new ArrayList<>();
        for (Map<String, Object> anomaly : anomalies) {
            // Rows hold java.sql.Timestamp strings in the JVM's zone; valueOf reads them back in the same zone.
            Instant start = java.sql.Timestamp.valueOf((String) anomaly.get("window_start")).toInstant();
            Instant endTime = java.sql.Timestamp.valueOf((String) anomaly.get("window_end")).toInstant();
            SeededInput.Label match = input.labels.stream()
                    .filter(l -> l.sensorId().equals(anomaly.get("sensor_id")) && l.type().name().equals(anomaly.get("anomaly_type")))
                    .filter(l -> start.isBefore(SeededInput.START.plusSeconds(l.toMinute() * 60L))
                            && !endTime.isBefore(SeededInput.START.plusSeconds(l.fromMinute() * 60L)))
                    .findFirst().orElse(null);
            if (match == null) {
                falsePositives.add(anomaly);
            } else {
                truePositives++;
                if (!recalled.contains(match)) {
                    recalled.add(match);
                }
            }
        }
        System.out.println("type                 labels recalled detections false_positives");
        for (AnomalyType type : AnomalyType.values()) {
            long labels = input.labels.stream().filter(l -> l.type() == type).count();
            long hit = recalled.stream().filter(l -> l.type() == type).count();
            long detections = anomalies.stream().filter(a -> type.name().equals(a.get("anomaly_type"))).count();
            long fp = falsePositives.stream().filter(a -> type.name().equals(a.get("anomaly_type"))).count();
            System.out.printf("%-20s %6d %8d %10d %15d%n", type, labels, hit, detections, fp);
        }
        assertThat(falsePositives).isEmpty();
        assertThat(recalled).containsExactlyInAnyOrderElementsOf(input.labels);
        assertThat(truePositives).isEqualTo(anomalies.size());
    }
}
