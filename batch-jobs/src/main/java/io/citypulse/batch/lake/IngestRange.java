package io.citypulse.batch.lake;

import java.time.Instant;

/**
 * One topic partition's offset range taken by an ingest run, and what became of its records.
 *
 * @param toOffset      exclusive
 * @param records       records read from Kafka in the range
 * @param maxEventTime  latest event time among the range's valid readings, null if none
 * @param sourceBytes   Kafka value bytes of the range's records, null for ranges ingested before it was recorded
 */
public record IngestRange(String runId, String topic, int partition, long fromOffset, long toOffset, long records,
                          long rowsWritten, long rowsQuarantined, long duplicatesDropped, Instant maxEventTime,
                          Long sourceBytes) {
}
