package io.citypulse.api.sensor;

import java.util.List;

/**
 * One page of sensors.
 *
 * @param total      sensors matching the filters
 * @param nextCursor pass as {@code cursor} for the next page; null on the last page
 */
public record SensorPage(List<SensorView> items, int limit, Integer offset, long total, String nextCursor) {
}
