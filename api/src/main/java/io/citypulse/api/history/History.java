package io.citypulse.api.history;

import java.time.Instant;
import java.util.List;

/**
 * A sensor's history over [from, to), bucket-aligned.
 *
 * @param batchHorizon batch views are complete before this instant; null when no batch run has finished yet
 */
public record History(String sensorId, String resolution, Instant from, Instant to, Instant batchHorizon,
                      List<HistoryPoint> points) {
}
