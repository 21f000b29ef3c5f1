-- CityPulse serving database, version 2: what each ingested Kafka range became (batch-jobs).
-- records = rows_written + rows_quarantined + duplicates_dropped is what reconcile proves per range;
-- max_event_time is the range's event-time watermark, from which batch views derive batch_horizon.
ALTER TABLE ingest_range
    ADD COLUMN rows_written       bigint NOT NULL DEFAULT 0,
    ADD COLUMN rows_quarantined   bigint NOT NULL DEFAULT 0,
    ADD COLUMN duplicates_dropped bigint NOT NULL DEFAULT 0,
    ADD COLUMN max_event_time     timestamptz;

-- Compaction runs are recorded in ingest_run too (job = 'compact'), so lake_file.run_id always resolves.
CREATE INDEX lake_file_run_idx ON lake_file (run_id);
