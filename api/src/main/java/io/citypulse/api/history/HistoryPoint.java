package io.citypulse.api.history;

import java.time.Instant;
import java.util.Map;

/**
 * One bucket of a history.
 *
 * @param source   batch, speed, or batch+speed for a bucket that straddles the batch horizon
 * @param measures per measure name
 */
public record HistoryPoint(Instant start, Instant end, String source, Map<String, MeasureStats> measures) {
}
