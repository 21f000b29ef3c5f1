package io.citypulse.contract.event;

import io.citypulse.contract.schema.ReadingSchema;
import java.time.Instant;
import java.util.Objects;

/**
 * The fields every sensor reading carries, whatever its type.
 *
 * @param schemaVersion wire schema version the reading was written with
 * @param eventId       unique id of this reading; a re-sent duplicate keeps it
 * @param sensorId      catalog id of the sensor
 * @param sensorType    kind of sensor, matches the topic it travels on
 * @param zone          catalog zone of the sensor
 * @param location      position of the sensor
 * @param eventTime     when the reading was taken (UTC, millisecond precision)
 * @param seq           per-sensor sequence number, contiguous unless the sensor was silent
 */
public record ReadingHeader(
        int schemaVersion,
        String eventId,
        String sensorId,
        SensorType sensorType,
        String zone,
        Location location,
        Instant eventTime,
        long seq) {

    public ReadingHeader {
        requireText(eventId, "eventId");
        requireText(sensorId, "sensorId");
        Objects.requireNonNull(sensorType, "sensorType");
        requireText(zone, "zone");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(eventTime, "eventTime");
        if (eventTime.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("eventTime must have millisecond precision: " + eventTime);
        }
        if (seq < 0) {
            throw new IllegalArgumentException("seq must be >= 0: " + seq);
        }
        if (schemaVersion < ReadingSchema.OLDEST_SUPPORTED_VERSION || schemaVersion > ReadingSchema.CURRENT_VERSION) {
            throw new IllegalArgumentException("schemaVersion must be within [" + ReadingSchema.OLDEST_SUPPORTED_VERSION
                    + ", " + ReadingSchema.CURRENT_VERSION + "]: " + schemaVersion);
        }
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
