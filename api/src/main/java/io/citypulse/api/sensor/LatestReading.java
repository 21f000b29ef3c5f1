package io.citypulse.api.sensor;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The latest reading of one sensor as the speed layer last wrote it.
 *
 * @param measures  measure name to value, exactly as stored (a JSON object)
 * @param updatedAt when the speed layer wrote it
 */
public record LatestReading(String eventId, Instant eventTime, long seq,
                            @JsonRawValue @Schema(implementation = Map.class) String measures, Instant updatedAt) {
}
