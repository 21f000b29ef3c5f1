package io.citypulse.speedlayer.window;

/** Running count, min, max and sum of one measure inside one open window. */
public final class MeasureStats {

    private long count;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;

    public MeasureStats() {
    }

    MeasureStats(long count, double min, double max, double sum) {
        this.count = count;
        this.min = min;
        this.max = max;
        this.sum = sum;
    }

    public void add(double value) {
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
    }

    void writeTo(java.io.DataOutput out) throws java.io.IOException {
        out.writeLong(count);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeDouble(sum);
    }

    static MeasureStats readFrom(java.io.DataInput in) throws java.io.IOException {
        return new MeasureStats(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble());
    }

    public MeasureSummary summary() {
        return new MeasureSummary(count, min, max, sum);
    }
}
