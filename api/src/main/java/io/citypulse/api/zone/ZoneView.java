package io.citypulse.api.zone;

import java.util.Map;

/**
 * A zone of the catalog.
 *
 * @param sensors number of catalog sensors per sensor type
 */
public record ZoneView(String id, String name, String kind, double centerLat, double centerLon, double radiusKm,
                       Map<String, Long> sensors) {
}
