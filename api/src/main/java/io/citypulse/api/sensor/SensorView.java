package io.citypulse.api.sensor;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A catalog entry from the sensor table, with its latest reading when the speed layer has one.
 *
 * @param type       traffic, weather or energy
 * @param attributes static attributes (e.g. speed_limit_kmh), a JSON object
 * @param latest     null when the sensor has not reported yet
 */
public record SensorView(String id, String type, String zone, double lat, double lon,
                         @JsonRawValue @Schema(implementation = Map.class) String attributes, @Schema(nullable = true) LatestReading latest) {
}
