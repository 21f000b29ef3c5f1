package io.citypulse.speedlayer.window;

/** Count, min, max and sum of one measure over a closed window; merges exactly. */
public record MeasureSummary(long count, double min, double max, double sum) {

    public MeasureSummary {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1: " + count);
        }
    }

    public double mean() {
        return sum / count;
    }
}
