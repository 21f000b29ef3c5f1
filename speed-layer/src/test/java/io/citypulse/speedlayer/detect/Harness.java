package io.citypulse.speedlayer.detect;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.contract.event.AnomalyType;
import io.citypulse.contract.event.SensorReading;
import io.citypulse.speedlayer.window.WindowAggregate;
import io.citypulse.speedlayer.window.WindowConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/** Drives a {@link SpeedCore} on one partition and keeps everything it emitted. */
final class Harness {

    static final String PARTITION = "citypulse.readings.traffic-0";

    final SpeedCore core;
    final List<WindowAggregate> closed = new ArrayList<>();
    final List<Anomaly> anomalies = new ArrayList<>();
    final List<SensorReading> late = new ArrayList<>();
    final List<SensorReading> duplicates = new ArrayList<>();

    Harness() {
        this(DetectionConfig.DEFAULT);
    }

    Harness(DetectionConfig rules) {
        this.core = new SpeedCore(WindowConfig.DEFAULT, rules, Fixtures.CATALOG);
    }

    CoreOutput feed(SensorReading reading) {
        CoreOutput out = core.onReading(reading, PARTITION);
        switch (out.verdict()) {
            case LATE -> late.add(reading);
            case DUPLICATE -> duplicates.add(reading);
            case ACCEPTED -> {
            }
        }
        collect(out);
        return out;
    }

    /** One reading per second for {@code fromSecond} (inclusive) to {@code toSecond} (exclusive). */
    Harness feedSeconds(long fromSecond, long toSecond, LongFunction<SensorReading> reading) {
        for (long s = fromSecond; s < toSecond; s++) {
            feed(reading.apply(s));
        }
        return this;
    }

    Harness watermark(Instant watermark) {
        collect(core.onWatermark(watermark, PARTITION));
        return this;
    }

    /** Advances the watermark far enough to close every window that ends at or before {@code second}. */
    Harness closeThrough(long second) {
        return watermark(Fixtures.at(second));
    }

    List<Anomaly> anomalies(AnomalyType type) {
        return anomalies.stream().filter(a -> a.type() == type).toList();
    }

    private void collect(CoreOutput out) {
        closed.addAll(out.closed());
        anomalies.addAll(out.anomalies());
    }
}
