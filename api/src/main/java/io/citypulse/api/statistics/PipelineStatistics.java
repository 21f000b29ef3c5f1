package io.citypulse.api.statistics;

import java.time.Instant;

/**
 * How fresh each layer is.
 *
 * @param batchHorizon          batch views are complete before it; null before the first run
 * @param batchLagSeconds       now - batchHorizon
 * @param speedLastUpdate       newest rt_latest_reading.updated_at
 * @param speedFreshnessSeconds now - speedLastUpdate: how long since the speed layer last wrote
 * @param lastIngestRun         the most recently started ingest run, null if none
 */
public record PipelineStatistics(Instant now, Instant batchHorizon, Double batchLagSeconds, String batchHorizonRunId,
                                 Instant speedLastUpdate, Instant speedLastEventTime, Double speedFreshnessSeconds,
                                 long sensorsReporting, IngestRun lastIngestRun) {

    /** One batch-ingest run from the manifest. */
    public record IngestRun(String runId, String job, String status, Instant startedAt, Instant finishedAt,
                            long rowsWritten, long rowsQuarantined, long duplicatesDropped, long bytesWritten,
                            int filesWritten, String error) {
    }
}
