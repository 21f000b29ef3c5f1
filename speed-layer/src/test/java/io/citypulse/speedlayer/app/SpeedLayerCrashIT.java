package io.citypulse.speedlayer.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.localstack.LocalStack;
import io.citypulse.localstack.LocalStackExtension;
import java.time.Duration;
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

    private static final String ANOMALIES = "SELECT * FROM anomaly ORDER BY anomaly_id";
    private static final String AGGREGATES = """
            SELECT sensor_id, minute_start, measure, sensor_type, zone_id, count, min, max, sum
            FROM rt_minute_aggregate ORDER BY sensor_id, minute_start, measure""";
    private static final String LATEST = """
            SELECT sensor_id, sensor_type, zone_id, event_id, event_time, seq, measures FROM rt_latest_reading ORDER BY sensor_id""";

    @Test
    void killedAndRestartedRunEndsExactlyLikeAnUninterruptedRun(LocalStack stack) throws Exception {
        SeededInput input = new SeededInput(60, 7);
        ItSupport.append(stack, input.records);
        long end = ItSupport.readingEndOffsets(stack);

        clearSinks(stack);
        runToEnd(stack, "crash-it-clean", end, List.of());
        List<Map<String, Object>> anomalies = ItSupport.rows(stack, ANOMALIES);
        List<Map<String, Object>> aggregates = ItSupport.rows(stack, AGGREGATES);
        List<Map<String, Object>> latest = ItSupport.rows(stack, LATEST);

        clearSinks(stack);
        runToEnd(stack, "crash-it-crashy", end, List.of(1L, end / 2));

        assertThat(ItSupport.rows(stack, ANOMALIES)).isEqualTo(anomalies);
        assertThat(ItSupport.rows(stack, AGGREGATES)).isEqualTo(aggregates);
        assertThat(ItSupport.rows(stack, LATEST)).isEqualTo(latest);
        assertThat(aggregates).hasSizeGreaterThan(30 * 55);
        scoreAgainstLabels(input, anomalies);
    }

    /** Runs the service until every record is checkpointed, killing it with SIGKILL at each given progress. */
    private static void runToEnd(LocalStack stack, String group, long end, List<Long> killPoints) throws Exception {
        String[] args = {"--group", group, "--metrics-port", "0", "--traffic", "" + SeededInput.TRAFFIC,
            "--weather", "" + SeededInput.WEATHER, "--energy", "" + SeededInput.ENERGY, "--flush-interval", "PT0.05S"};
        for (long killPoint : killPoints) {
            SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile(group), args);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(5))
                    .until(() -> ItSupport.checkpointed(stack, group) >= killPoint);
            long at = ItSupport.checkpointed(stack, group);
            process.kill();
            System.out.printf("%s: killed -9 at %d of %d checkpointed records%n", group, at, end);
        }
        try (SpeedLayerProcess process = SpeedLayerProcess.start(stack, SpeedLayerProcess.logFile(group), args)) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                    .until(() -> ItSupport.checkpointed(stack, group) >= end);
            assertThat(process.terminate()).as("exit after SIGTERM (143 = 128 + SIGTERM, after the hook ran)").isIn(0, 143);
        }
    }

    private static void clearSinks(LocalStack stack) throws Exception {
        ItSupport.execute(stack, "TRUNCATE anomaly, rt_minute_aggregate, rt_latest_reading");
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
