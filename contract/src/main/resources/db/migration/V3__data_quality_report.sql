-- CityPulse serving database, version 3: the daily data-quality report (dags/citypulse_daily_maintenance).
-- One row per UTC day and sensor type, upserted, so re-running the report for a day replaces its row.
-- Ingest figures count the Kafka records of ranges committed that day (ingest_run.finished_at);
-- lake figures count the live event rows whose event time falls on that day (lake_file.event_date).
CREATE TABLE data_quality_report (
    report_date            date NOT NULL,
    sensor_type            text NOT NULL CHECK (sensor_type IN ('traffic', 'weather', 'energy')),
    records                bigint NOT NULL CHECK (records >= 0),
    rows_written           bigint NOT NULL CHECK (rows_written >= 0),
    rows_quarantined       bigint NOT NULL CHECK (rows_quarantined >= 0),
    duplicates_dropped     bigint NOT NULL CHECK (duplicates_dropped >= 0),
    quarantine_rate        double precision,          -- rows_quarantined / records; NULL when records = 0
    duplicate_rate         double precision,          -- duplicates_dropped / records; NULL when records = 0
    lake_rows              bigint NOT NULL CHECK (lake_rows >= 0),
    late_rows              bigint NOT NULL CHECK (late_rows >= 0),
    late_rate              double precision,          -- late_rows / lake_rows; NULL when lake_rows = 0
    late_threshold_seconds integer NOT NULL,          -- kafka_timestamp - event_time above this counts as late
    computed_at            timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (report_date, sensor_type)
);
