package io.citypulse.api.anomaly;

import java.util.List;

/**
 * Anomalies newest first.
 *
 * @param nextCursor pass as {@code cursor} for older anomalies; null when there are none
 */
public record AnomalyPage(List<AnomalyView> items, int limit, String nextCursor) {
}
