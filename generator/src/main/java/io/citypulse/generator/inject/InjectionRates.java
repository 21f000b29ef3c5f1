package io.citypulse.generator.inject;

import io.citypulse.contract.event.AnomalyType;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * How often each injection happens.
 *
 * @param anomaly      per reading of an eligible sensor, chance that an anomaly episode starts there
 * @param late         share of readings held back beyond the allowed lateness
 * @param outOfOrder   share of readings held back a few intervals (within the lateness)
 * @param duplicate    share of readings re-sent once with the same bytes
 * @param malformed    share of readings followed by one extra malformed record
 * @param anomalyTypes the anomaly types that may be injected
 */
public record InjectionRates(double anomaly, double late, double outOfOrder, double duplicate, double malformed,
                             Set<AnomalyType> anomalyTypes) {

    public InjectionRates {
        Objects.requireNonNull(anomalyTypes, "anomalyTypes");
        anomalyTypes = anomalyTypes.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(anomalyTypes));
        for (double rate : new double[] {anomaly, late, outOfOrder, duplicate, malformed}) {
            if (!(rate >= 0 && rate <= 1)) {
                throw new IllegalArgumentException("injection rates must be within [0, 1]: " + rate);
            }
        }
        if (late + outOfOrder + duplicate + malformed > 1) {
            throw new IllegalArgumentException("late + out-of-order + duplicate + malformed rates must not exceed 1");
        }
    }

    /** Nothing injected: every reading is normal and sent once, in order. */
    public static InjectionRates none() {
        return new InjectionRates(0, 0, 0, 0, 0, EnumSet.allOf(AnomalyType.class));
    }

    public boolean any() {
        return anomaly > 0 || late > 0 || outOfOrder > 0 || duplicate > 0 || malformed > 0;
    }
}
