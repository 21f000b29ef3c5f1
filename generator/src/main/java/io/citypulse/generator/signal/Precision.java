package io.citypulse.generator.signal;

/** Rounds measures to the precision a real sensor reports (and Parquet compresses well). */
public final class Precision {

    private Precision() {
    }

    /** To one decimal: speed, occupancy, temperature, wind, humidity, pressure, voltage, current. */
    public static double tenths(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** To two decimals: power, precipitation, power factor. */
    public static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** To three decimals: grid frequency. */
    public static double thousandths(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /**
     * Folds a noisy value back into [low, high] by reflecting it at the edges: unlike clamping it never
     * piles readings up on one edge value (a run of identical values would look like a stuck sensor).
     */
    public static double reflect(double value, double low, double high) {
        double folded = value;
        if (folded < low) {
            folded = low + (low - folded);
        }
        if (folded > high) {
            folded = high - (folded - high);
        }
        return clamp(folded, low, high);
    }

    public static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
