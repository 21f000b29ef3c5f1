package io.citypulse.api.zone;

import io.citypulse.api.history.MeasureStats;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The current state of a zone.
 *
 * @param today        since 00:00 UTC, batch and speed merged at the horizon
 * @param batchHorizon null before the first batch run
 */
public record ZoneSummary(ZoneView zone, Instant asOf, @Schema(nullable = true) Instant batchHorizon, List<TypeSummary> types) {

    /**
     * One sensor type within the zone.
     *
     * @param sensors        catalog sensors
     * @param reporting      sensors with a latest reading
     * @param lastEventTime  newest event time among the latest readings
     * @param current        statistics over the latest reading of each reporting sensor
     * @param today          today's aggregates per measure
     * @param todaySource    batch, speed or batch+speed
     */
    public record TypeSummary(String sensorType, long sensors, long reporting, @Schema(nullable = true) Instant lastEventTime,
                              Map<String, MeasureStats> current, Map<String, MeasureStats> today, @Schema(nullable = true) String todaySource) {
    }
}
