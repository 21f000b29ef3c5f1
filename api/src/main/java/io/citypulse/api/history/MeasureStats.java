package io.citypulse.api.history;

/** One measure over one bucket, as served. */
public record MeasureStats(long count, double min, double max, double mean, double sum) {

    public static MeasureStats of(Aggregate aggregate) {
        return new MeasureStats(aggregate.count(), aggregate.min(), aggregate.max(), aggregate.mean(), aggregate.sum());
    }
}
