package io.citypulse.api.aggregation;

import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Aggregates per zone and sensor type over [from, to).
 *
 * @param window       the requested window, e.g. 24h
 * @param from         the window's start rounded down to the hour (so batch hours are whole)
 * @param batchHorizon batch views cover everything before it; null before the first batch run
 */
public record Aggregations(String window, Instant from, Instant to, @Schema(nullable = true) Instant batchHorizon, List<ZoneTypeAggregate> items) {
}
