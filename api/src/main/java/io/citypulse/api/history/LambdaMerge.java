package io.citypulse.api.history;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Folds batch and speed parts into buckets. The caller guarantees that the two layers were read over disjoint
 * time ranges split at the batch horizon, so a bucket holds each event once; a bucket with parts from both
 * layers (a day across the horizon) is marked {@code batch+speed}.
 */
public final class LambdaMerge {

    private LambdaMerge() {
    }

    public static List<HistoryPoint> merge(List<Part> parts, Duration bucketLength) {
        Map<Instant, Map<String, Aggregate>> measures = new TreeMap<>();
        Map<Instant, Set<Part.Source>> sources = new TreeMap<>();
        for (Part part : parts) {
            measures.computeIfAbsent(part.bucket(), b -> new TreeMap<>())
                    .merge(part.measure(), part.aggregate(), Aggregate::plus);
            sources.computeIfAbsent(part.bucket(), b -> EnumSet.noneOf(Part.Source.class)).add(part.source());
        }
        List<HistoryPoint> points = new ArrayList<>(measures.size());
        measures.forEach((bucket, byMeasure) -> {
            Map<String, MeasureStats> stats = new TreeMap<>();
            byMeasure.forEach((measure, aggregate) -> stats.put(measure, MeasureStats.of(aggregate)));
            points.add(new HistoryPoint(bucket, bucket.plus(bucketLength), label(sources.get(bucket)), stats));
        });
        return points;
    }

    private static String label(Set<Part.Source> sources) {
        if (sources.size() == 2) {
            return "batch+speed";
        }
        return sources.contains(Part.Source.BATCH) ? "batch" : "speed";
    }
}
