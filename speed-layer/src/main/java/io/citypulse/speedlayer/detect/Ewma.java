package io.citypulse.speedlayer.detect;

/** An exponentially weighted moving average of window means: a sensor's baseline. */
final class Ewma {

    private double value;
    private int windows;

    Ewma() {
    }

    Ewma(double value, int windows) {
        this.value = value;
        this.windows = windows;
    }

    /**
     * Folds in one window mean; it is clamped to {@code clamp x baseline} so an anomaly's edge window
     * barely moves the baseline while slow daily ramps are still followed. A baseline of 0 takes the
     * mean unclamped (a clamp would hold it at 0 for ever).
     */
    void update(double mean, double alpha, double clamp) {
        if (windows == 0) {
            value = mean;
        } else {
            double capped = value > 0 ? Math.min(mean, clamp * value) : mean;
            value += alpha * (capped - value);
        }
        windows = windows == Integer.MAX_VALUE ? windows : windows + 1;
    }

    /** Folds in one window mean, capped at {@code cap} (an absolute value, at least the baseline). */
    void updateCapped(double mean, double alpha, double cap) {
        if (windows == 0) {
            value = mean;
        } else {
            value += alpha * (Math.min(mean, cap) - value);
        }
        windows = windows == Integer.MAX_VALUE ? windows : windows + 1;
    }

    double value() {
        return value;
    }

    int windows() {
        return windows;
    }
}
