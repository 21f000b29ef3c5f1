package io.citypulse.speedlayer.detect;

import io.citypulse.contract.event.Anomaly;
import io.citypulse.speedlayer.window.WindowAggregate;
import java.util.List;

/**
 * What the core emits for one input.
 *
 * @param verdict   what happened to the reading ({@link Verdict#ACCEPTED} for a watermark advance)
 * @param closed    windows closed by this input, oldest first
 * @param anomalies anomalies detected by this input
 */
public record CoreOutput(Verdict verdict, List<WindowAggregate> closed, List<Anomaly> anomalies) {

    /** What happened to a reading. */
    public enum Verdict {
        /** Counted into its window. */
        ACCEPTED,
        /** Older than the partition's watermark: not counted, to be forwarded to the late topic. */
        LATE,
        /** A re-sent sequence number already in its window: dropped. */
        DUPLICATE
    }

    static final CoreOutput LATE = new CoreOutput(Verdict.LATE, List.of(), List.of());
    static final CoreOutput DUPLICATE = new CoreOutput(Verdict.DUPLICATE, List.of(), List.of());
    static final CoreOutput NOTHING = new CoreOutput(Verdict.ACCEPTED, List.of(), List.of());

    public CoreOutput {
        closed = List.copyOf(closed);
        anomalies = List.copyOf(anomalies);
    }

    public boolean isEmpty() {
        return closed.isEmpty() && anomalies.isEmpty();
    }
}
