package io.citypulse.api.statistics;

import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Visible lake objects from the ingest manifest (lake_file rows not removed by compaction).
 *
 * @param compressionRatio Kafka value bytes the ingest read over the Parquet bytes it wrote, over every committed ingest
 *                         run that recorded both; null before the first
 */
public record ParquetStatistics(String bucket, long files, long bytes, long rows, @Schema(nullable = true) Double bytesPerRow,
                                @Schema(nullable = true) Double compressionRatio, List<PartitionStats> partitions) {

    /** One lake partition (dataset, sensor type, date, hour). */
    public record PartitionStats(String dataset, String sensorType, LocalDate eventDate, int eventHour, long files,
                                 long bytes, long rows) {
    }
}
