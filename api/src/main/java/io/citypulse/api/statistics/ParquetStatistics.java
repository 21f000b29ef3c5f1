package io.citypulse.api.statistics;

import java.time.LocalDate;
import java.util.List;

/**
 * Visible lake objects from the ingest manifest (lake_file rows not removed by compaction).
 *
 * @param compressionRatio raw JSON bytes over Parquet bytes; null because the manifest records only the written size
 */
public record ParquetStatistics(String bucket, long files, long bytes, long rows, Double bytesPerRow,
                                Double compressionRatio, List<PartitionStats> partitions) {

    /** One lake partition (dataset, sensor type, date, hour). */
    public record PartitionStats(String dataset, String sensorType, LocalDate eventDate, int eventHour, long files,
                                 long bytes, long rows) {
    }
}
