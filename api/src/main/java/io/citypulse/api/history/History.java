package io.citypulse.api.history;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A sensor's history over [from, to), bucket-aligned.
 *
 * @param batchHorizon batch views are complete before this instant; null when no batch run has finished yet
 */
public record History(String sensorId, String resolution, Instant from, Instant to, @Schema(nullable = true) Instant batchHorizon,
                      List<HistoryPoint> points) {
}
