package io.citypulse.api.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LambdaMergeTest {

    static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");

    @Test
    void marksBucketWithPartsFromBothLayersAndMergesTheirAggregates() {
        List<HistoryPoint> points = LambdaMerge.merge(List.of(
                new Part(T0, "x", Part.Source.BATCH, new Aggregate(2, 1, 5, 6)),
                new Part(T0, "x", Part.Source.SPEED, new Aggregate(3, 0.5, 4, 7)),
                new Part(T0.plus(Duration.ofDays(1)), "x", Part.Source.SPEED, new Aggregate(1, 9, 9, 9))), Duration.ofDays(1));
        assertThat(points).hasSize(2);
        assertThat(points.get(0).source()).isEqualTo("batch+speed");
        assertThat(points.get(0).measures().get("x")).isEqualTo(new MeasureStats(5, 0.5, 5, 13 / 5.0, 13));
        assertThat(points.get(0).end()).isEqualTo(T0.plus(Duration.ofDays(1)));
        assertThat(points.get(1).source()).isEqualTo("speed");
    }

    @Test
    void ordersPointsByStartWhateverTheOrderOfParts() {
        List<HistoryPoint> points = LambdaMerge.merge(List.of(
                new Part(T0.plusSeconds(3600), "x", Part.Source.SPEED, new Aggregate(1, 1, 1, 1)),
                new Part(T0, "x", Part.Source.BATCH, new Aggregate(1, 1, 1, 1))), Duration.ofHours(1));
        assertThat(points).extracting(HistoryPoint::start).containsExactly(T0, T0.plusSeconds(3600));
        assertThat(points).extracting(HistoryPoint::source).containsExactly("batch", "speed");
    }

    @Test
    void resolutionRoundsToWholeBuckets() {
        Instant t = Instant.parse("2026-11-20T10:42:13Z");
        assertThat(Resolution.HOUR.floor(t)).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
        assertThat(Resolution.HOUR.ceil(t)).isEqualTo(Instant.parse("2026-11-20T11:00:00Z"));
        assertThat(Resolution.DAY.ceil(Instant.parse("2026-11-20T00:00:00Z"))).isEqualTo(Instant.parse("2026-11-20T00:00:00Z"));
    }
}
