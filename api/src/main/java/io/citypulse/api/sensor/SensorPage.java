package io.citypulse.api.sensor;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of sensors.
 *
 * @param total      sensors matching the filters
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record SensorPage(List<SensorView> items, int limit, @Schema(nullable = true) Integer offset, long total, @Schema(nullable = true) String nextCursor) {
}
