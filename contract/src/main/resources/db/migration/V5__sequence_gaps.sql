-- CityPulse serving database, version 5: readings that sensors numbered but never sent (per-sensor sequence gaps),
-- found by reconcile and counted per UTC hour and sensor type once the hour is settled (older than the latest
-- append minus the allowed lateness and one ingest period). A gap is data quality, not data loss.
CREATE TABLE sequence_gap_hourly (
    hour_start        timestamptz NOT NULL,
    sensor_type       text NOT NULL,
    sensors_with_gaps integer NOT NULL CHECK (sensors_with_gaps >= 0),
    gaps              integer NOT NULL CHECK (gaps >= 0),              -- runs of missing readings touching the hour
    missing_readings  bigint NOT NULL CHECK (missing_readings >= 0),
    computed_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (hour_start, sensor_type)
);

-- The daily report sums the day's settled hours; NULL until reconcile has settled one of them.
ALTER TABLE data_quality_report ADD COLUMN missing_readings bigint CHECK (missing_readings >= 0);
