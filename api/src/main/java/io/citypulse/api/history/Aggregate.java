package io.citypulse.api.history;

/**
 * Count, min, max and sum of one measure over one bucket: what both layers store, so parts merge exactly.
 */
public record Aggregate(long count, double min, double max, double sum) {

    /** The aggregate of both parts, as if computed over their union. */
    public Aggregate plus(Aggregate other) {
        return new Aggregate(count + other.count, Math.min(min, other.min), Math.max(max, other.max), sum + other.sum);
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
