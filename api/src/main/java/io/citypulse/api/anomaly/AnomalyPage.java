package io.citypulse.api.anomaly;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Anomalies newest first.
 *
 * @param nextCursor pass as {@code cursor} for older anomalies; null when there are none
 */
public record AnomalyPage(List<AnomalyView> items, int limit, @Schema(nullable = true) String nextCursor) {
}
