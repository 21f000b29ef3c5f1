package io.citypulse.speedlayer.detect;

import static io.citypulse.speedlayer.detect.Fixtures.TRAFFIC;
import static io.citypulse.speedlayer.detect.Fixtures.TRAFFIC_2;
import static io.citypulse.speedlayer.detect.Fixtures.at;
import static io.citypulse.speedlayer.detect.Fixtures.normalTraffic;
import static io.citypulse.speedlayer.detect.Fixtures.traffic;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.contract.event.AnomalyType;
import io.citypulse.speedlayer.window.MeasureSummary;
import io.citypulse.speedlayer.window.WindowAggregate;
import org.junit.jupiter.api.Test;

class SpeedCoreWindowTest {

    @Test
    void closesWindowOnlyWhenWatermarkPassesItsEnd() {
        Harness h = new Harness();
        h.feedSeconds(0, 60, s -> traffic(TRAFFIC, s, (int) s, 50, 20));
        // Max event time 179 s gives watermark 59 s: the first minute is still open.
        h.feed(traffic(TRAFFIC, 179, 1, 50, 20));
        assertThat(h.closed).isEmpty();
        h.feed(traffic(TRAFFIC, 180, 2, 51, 20));
        assertThat(h.closed).hasSize(1);
        WindowAggregate window = h.closed.get(0);
        assertThat(window.start()).isEqualTo(at(0));
        assertThat(window.end()).isEqualTo(at(60));
        assertThat(window.readings()).isEqualTo(60);
        assertThat(window.measures().get("vehicle_count")).isEqualTo(new MeasureSummary(60, 0, 59, 1770));
        assertThat(window.measures().keySet()).containsExactly("vehicle_count", "avg_speed_kmh", "occupancy_pct");
    }

    @Test
    void countsOutOfOrderReadingsWithinLateness() {
        Harness h = new Harness();
        h.feedSeconds(0, 30, s -> traffic(TRAFFIC, 59 - s, 1, 50, 20)); // reversed inside the minute
        h.feed(traffic(TRAFFIC, 140, 1, 50, 20));
        h.feed(traffic(TRAFFIC, 25, 1, 50, 20)); // 115 s behind the max: within the 2 min lateness
        h.closeThrough(60);
        assertThat(h.late).isEmpty();
        assertThat(h.closed).hasSize(1);
        assertThat(h.closed.get(0).readings()).isEqualTo(31);
    }

    @Test
    void reportsReadingsOlderThanTheWatermarkAsLate() {
        Harness h = new Harness();
        h.feed(traffic(TRAFFIC, 0, 1, 50, 20));
        h.feed(traffic(TRAFFIC, 200, 1, 50, 20)); // watermark 80 s: closes the first minute
        var out = h.feed(traffic(TRAFFIC, 79, 1, 50, 20));
        assertThat(out.verdict()).isEqualTo(CoreOutput.Verdict.LATE);
        assertThat(h.feed(traffic(TRAFFIC, 80, 1, 50, 20)).verdict()).isEqualTo(CoreOutput.Verdict.ACCEPTED);
        assertThat(h.late).hasSize(1);
        assertThat(h.closed).singleElement().satisfies(w -> assertThat(w.readings()).isEqualTo(1));
    }

    @Test
    void dropsReSentReadingsOfTheSameSequenceNumber() {
        Harness h = new Harness();
        h.feed(traffic(TRAFFIC, 5, 3, 50, 20));
        assertThat(h.feed(traffic(TRAFFIC, 5, 3, 50, 20)).verdict()).isEqualTo(CoreOutput.Verdict.DUPLICATE);
        h.closeThrough(60);
        assertThat(h.closed).singleElement().satisfies(w -> assertThat(w.readings()).isEqualTo(1));
    }

    @Test
    void leavesGapsWithoutWindowsAndKeepsSensorsApart() {
        Harness h = new Harness();
        h.feed(traffic(TRAFFIC, 10, 1, 50, 20));
        h.feed(traffic(TRAFFIC_2, 20, 3, 50, 20));
        h.feed(traffic(TRAFFIC, 250, 2, 50, 20)); // minutes 1-3 have no readings
        h.closeThrough(300);
        assertThat(h.closed).extracting(w -> w.sensorId() + "@" + w.start().getEpochSecond() % 3600)
                .containsExactlyInAnyOrder(TRAFFIC.id() + "@0", TRAFFIC.id() + "@240", TRAFFIC_2.id() + "@0");
    }

    @Test
    void reportsSilentSensorOnceWhileTheWatermarkAdvances() {
        Harness h = new Harness();
        h.feedSeconds(0, 100, s -> normalTraffic(TRAFFIC, s));
        // TRAFFIC falls silent after 99 s; TRAFFIC_2 keeps the partition's watermark moving.
        h.feedSeconds(0, 248, s -> normalTraffic(TRAFFIC_2, s));
        assertThat(h.anomalies(AnomalyType.SILENT_SENSOR)).isEmpty(); // watermark 127 s: 28 intervals of silence
        h.feedSeconds(248, 400, s -> normalTraffic(TRAFFIC_2, s));
        assertThat(h.anomalies(AnomalyType.SILENT_SENSOR)).singleElement().satisfies(a -> {
            assertThat(a.sensorId()).isEqualTo(TRAFFIC.id());
            assertThat(a.windowStart()).isEqualTo(at(99));
            assertThat(a.windowEnd()).isEqualTo(at(129));
            assertThat(a.detectedAt()).isEqualTo(at(249));
        });
        // It speaks again, then falls silent again: a second episode.
        h.feedSeconds(400, 420, s -> normalTraffic(TRAFFIC, s));
        h.feedSeconds(400, 700, s -> normalTraffic(TRAFFIC_2, s));
        assertThat(h.anomalies(AnomalyType.SILENT_SENSOR)).hasSize(2);
        assertThat(h.anomalies).allMatch(a -> a.type() == AnomalyType.SILENT_SENSOR);
    }

    @Test
    void reportsASilenceThatEndsBeforeTheWatermarkPassesItWhenTheNextReadingArrives() {
        Harness h = new Harness();
        // TRAFFIC misses 29 readings (130..158), then 100 (200..299): only the second is a silence. Both end
        // long before the watermark (2 min behind) could see 30 intervals of either.
        for (long s = 0; s < 400; s++) {
            if (s < 130 || (s >= 159 && s < 200) || s >= 300) {
                h.feed(normalTraffic(TRAFFIC, s));
            }
            h.feed(normalTraffic(TRAFFIC_2, s));
        }
        assertThat(h.anomalies(AnomalyType.SILENT_SENSOR)).singleElement().satisfies(a -> {
            assertThat(a.sensorId()).isEqualTo(TRAFFIC.id());
            assertThat(a.windowStart()).isEqualTo(at(199));
            assertThat(a.windowEnd()).isEqualTo(at(300));
            assertThat(a.detectedAt()).isEqualTo(at(300));
        });
    }

    @Test
    void returnsToEmptyStateAfterWindowsCloseAndSensorsGoIdle() {
        Harness h = new Harness();
        h.feedSeconds(0, 120, s -> normalTraffic(TRAFFIC, s));
        h.feedSeconds(0, 120, s -> normalTraffic(TRAFFIC_2, s));
        assertThat(h.core.trackedSensors()).isEqualTo(2);
        assertThat(h.core.openWindows()).isEqualTo(4);
        h.closeThrough(120);
        assertThat(h.core.openWindows()).isZero();
        assertThat(h.core.trackedSensors()).isEqualTo(2); // closed, but not idle for 15 min yet
        h.closeThrough(119 + 15 * 60);
        assertThat(h.core.trackedSensors()).isZero();
        assertThat(h.closed).hasSize(4);
    }

    @Test
    void restoredSnapshotContinuesExactlyLikeAnUninterruptedCore() {
        Harness straight = new Harness();
        Harness first = new Harness();
        java.util.function.LongFunction<io.citypulse.contract.event.SensorReading> input =
                s -> s > 2400 && s < 2600 ? traffic(TRAFFIC, s, 60 + (int) (s % 4), 40, 30) : normalTraffic(TRAFFIC, s);
        straight.feedSeconds(0, 3600, input);
        first.feedSeconds(0, 2000, input);
        Harness second = new Harness();
        second.core.restore(Harness.PARTITION, first.core.snapshot(Harness.PARTITION));
        second.feedSeconds(2000, 3600, input);
        first.closed.addAll(second.closed);
        first.anomalies.addAll(second.anomalies);
        assertThat(first.closed).isEqualTo(straight.closed);
        assertThat(first.anomalies).isEqualTo(straight.anomalies);
        assertThat(straight.anomalies(AnomalyType.VOLUME_SPIKE)).hasSize(3);
        assertThat(second.core.snapshot(Harness.PARTITION)).isEqualTo(straight.core.snapshot(Harness.PARTITION));
    }
}
