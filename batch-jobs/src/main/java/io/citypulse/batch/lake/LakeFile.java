package io.citypulse.batch.lake;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;

/**
 * One visible Parquet file of the lake as the manifest lists it.
 *
 * @param key        object key inside the bucket, e.g. {@code lake/events/sensor_type=traffic/event_date=2026-11-21/event_hour=7/<run>-0.zstd.parquet}
 * @param dataset    {@code events} or {@code quarantine}
 * @param sensorType wire name of the sensor type
 * @param date       event date (UTC; Kafka timestamp date for quarantine)
 * @param hour       event hour 0..23
 * @param rows       row count from the Parquet footer
 * @param bytes      object size
 */
public record LakeFile(String key, String dataset, String sensorType, LocalDate date, int hour, long rows, long bytes)
        implements Serializable {

    /** Start of the file's hour partition (UTC). */
    public Instant hourStart() {
        return Instant.ofEpochSecond(LakePaths.epochHour(date, hour) * 3600);
    }
}
