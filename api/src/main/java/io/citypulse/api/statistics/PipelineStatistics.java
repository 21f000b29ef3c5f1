package io.citypulse.api.statistics;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How fresh each layer is.
 *
 * @param batchHorizon          batch views are complete before it; null before the first run
 * @param now                   the time of the data ({@code PlatformClock}): the system clock unless shifted
 * @param batchLagSeconds       now - batchHorizon
 * @param speedLastUpdate       newest rt_latest_reading.updated_at
 * @param speedFreshnessSeconds how long since the speed layer last wrote (speedLastUpdate's age on the database clock)
 * @param lastIngestRun         the most recently started ingest run, null if none
 */
public record PipelineStatistics(Instant now, @Schema(nullable = true) Instant batchHorizon, @Schema(nullable = true) Double batchLagSeconds,
                                 @Schema(nullable = true) String batchHorizonRunId,
                                 @Schema(nullable = true) Instant speedLastUpdate, @Schema(nullable = true) Instant speedLastEventTime,
                                 @Schema(nullable = true) Double speedFreshnessSeconds,
                                 long sensorsReporting, @Schema(nullable = true) IngestRun lastIngestRun) {

    /** One batch-ingest run from the manifest. */
    public record IngestRun(String runId, String job, String status, Instant startedAt, @Schema(nullable = true) Instant finishedAt,
                            long rowsWritten, long rowsQuarantined, long duplicatesDropped, long bytesWritten,
                            int filesWritten, @Schema(nullable = true) String error) {
    }
}
