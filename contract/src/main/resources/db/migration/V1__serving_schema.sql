-- CityPulse serving database, version 1.
-- One migration set for every module, the local stack and compose (docs/architecture.md#tables).
-- Times are timestamptz in UTC; aggregates keep count/min/max/sum so means can be merged exactly.

-- Dimension data: the sensor catalog (contract: io.citypulse.contract.catalog).
CREATE TABLE zone (
    zone_id     text PRIMARY KEY,
    name        text NOT NULL,
    kind        text NOT NULL,
    center_lat  double precision NOT NULL,
    center_lon  double precision NOT NULL,
    radius_km   double precision NOT NULL
);

CREATE TABLE sensor (
    sensor_id   text PRIMARY KEY,
    sensor_type text NOT NULL CHECK (sensor_type IN ('traffic', 'weather', 'energy')),
    zone_id     text NOT NULL REFERENCES zone (zone_id),
    lat         double precision NOT NULL,
    lon         double precision NOT NULL,
    attributes  jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX sensor_type_zone_idx ON sensor (sensor_type, zone_id);

-- Real-time views, written by the speed layer with idempotent upserts.
CREATE TABLE rt_latest_reading (
    sensor_id   text PRIMARY KEY,
    sensor_type text NOT NULL,
    zone_id     text NOT NULL,
    event_id    text NOT NULL,
    event_time  timestamptz NOT NULL,
    seq         bigint NOT NULL,
    measures    jsonb NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX rt_latest_reading_type_zone_idx ON rt_latest_reading (sensor_type, zone_id);

-- One row per sensor, minute and measure (long format: every sensor type fits one table).
CREATE TABLE rt_minute_aggregate (
    sensor_id    text NOT NULL,
    minute_start timestamptz NOT NULL,
    measure      text NOT NULL,
    sensor_type  text NOT NULL,
    zone_id      text NOT NULL,
    count        bigint NOT NULL CHECK (count > 0),
    min          double precision NOT NULL,
    max          double precision NOT NULL,
    sum          double precision NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (sensor_id, minute_start, measure)
);
CREATE INDEX rt_minute_aggregate_minute_idx ON rt_minute_aggregate (minute_start);
CREATE INDEX rt_minute_aggregate_zone_idx ON rt_minute_aggregate (zone_id, sensor_type, minute_start);

-- Anomalies; anomaly_id is deterministic (sensor, type, window start), so replays upsert.
CREATE TABLE anomaly (
    anomaly_id     uuid PRIMARY KEY,
    sensor_id      text NOT NULL,
    sensor_type    text NOT NULL,
    zone_id        text NOT NULL,
    anomaly_type   text NOT NULL,
    severity       text NOT NULL CHECK (severity IN ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')),
    window_start   timestamptz NOT NULL,
    window_end     timestamptz NOT NULL,
    observed_value double precision NOT NULL,
    threshold      double precision NOT NULL,
    detected_at    timestamptz NOT NULL,
    attributes     jsonb NOT NULL DEFAULT '{}'::jsonb,
    description    text NOT NULL DEFAULT '',
    CHECK (window_end >= window_start)
);
CREATE INDEX anomaly_detected_idx ON anomaly (detected_at);
CREATE INDEX anomaly_window_idx ON anomaly (window_start);
CREATE INDEX anomaly_zone_idx ON anomaly (zone_id, window_start);
CREATE INDEX anomaly_sensor_idx ON anomaly (sensor_id, window_start);

-- Batch views, recomputed from the lake by the batch-views job (replace per covered hour).
CREATE TABLE batch_sensor_hourly (
    sensor_id   text NOT NULL,
    hour_start  timestamptz NOT NULL,
    measure     text NOT NULL,
    sensor_type text NOT NULL,
    zone_id     text NOT NULL,
    count       bigint NOT NULL CHECK (count > 0),
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    sum         double precision NOT NULL,
    PRIMARY KEY (sensor_id, hour_start, measure)
);
CREATE INDEX batch_sensor_hourly_hour_idx ON batch_sensor_hourly (hour_start);

CREATE TABLE batch_sensor_daily (
    sensor_id   text NOT NULL,
    day         date NOT NULL,
    measure     text NOT NULL,
    sensor_type text NOT NULL,
    zone_id     text NOT NULL,
    count       bigint NOT NULL CHECK (count > 0),
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    sum         double precision NOT NULL,
    PRIMARY KEY (sensor_id, day, measure)
);

CREATE TABLE batch_zone_hourly (
    zone_id     text NOT NULL,
    sensor_type text NOT NULL,
    hour_start  timestamptz NOT NULL,
    measure     text NOT NULL,
    sensors     integer NOT NULL,
    count       bigint NOT NULL CHECK (count > 0),
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    sum         double precision NOT NULL,
    PRIMARY KEY (zone_id, sensor_type, hour_start, measure)
);

CREATE TABLE batch_zone_daily (
    zone_id     text NOT NULL,
    sensor_type text NOT NULL,
    day         date NOT NULL,
    measure     text NOT NULL,
    sensors     integer NOT NULL,
    count       bigint NOT NULL CHECK (count > 0),
    min         double precision NOT NULL,
    max         double precision NOT NULL,
    sum         double precision NOT NULL,
    PRIMARY KEY (zone_id, sensor_type, day, measure)
);

-- The batch horizon: the batch views fully cover every event time before it (exclusive, on an hour).
CREATE TABLE batch_horizon (
    id         smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    horizon    timestamptz NOT NULL,
    run_id     text,
    updated_at timestamptz NOT NULL DEFAULT now(),
    CHECK (date_trunc('hour', horizon) = horizon)
);

-- The batch-ingest manifest: which Kafka ranges each run took, and which lake files are visible.
-- A run's files and its offsets are committed in one transaction; readers list files from here.
CREATE TABLE ingest_run (
    run_id             text PRIMARY KEY,
    job                text NOT NULL,
    status             text NOT NULL CHECK (status IN ('running', 'committed', 'failed', 'aborted')),
    started_at         timestamptz NOT NULL DEFAULT now(),
    finished_at        timestamptz,
    rows_written       bigint NOT NULL DEFAULT 0,
    rows_quarantined   bigint NOT NULL DEFAULT 0,
    duplicates_dropped bigint NOT NULL DEFAULT 0,
    bytes_written      bigint NOT NULL DEFAULT 0,
    files_written      integer NOT NULL DEFAULT 0,
    error              text
);

CREATE TABLE ingest_range (
    run_id      text NOT NULL REFERENCES ingest_run (run_id),
    topic       text NOT NULL,
    partition   integer NOT NULL,
    from_offset bigint NOT NULL,
    to_offset   bigint NOT NULL,             -- exclusive
    records     bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, topic, partition),
    CHECK (to_offset >= from_offset)
);

-- Next offset to ingest per topic partition: advanced only by a committed run.
CREATE TABLE ingest_offset (
    topic       text NOT NULL,
    partition   integer NOT NULL,
    next_offset bigint NOT NULL CHECK (next_offset >= 0),
    run_id      text REFERENCES ingest_run (run_id),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (topic, partition)
);

CREATE TABLE lake_file (
    path        text PRIMARY KEY,
    run_id      text NOT NULL REFERENCES ingest_run (run_id),
    dataset     text NOT NULL CHECK (dataset IN ('events', 'quarantine')),
    sensor_type text NOT NULL,
    event_date  date NOT NULL,
    event_hour  smallint NOT NULL CHECK (event_hour BETWEEN 0 AND 23),
    rows        bigint NOT NULL CHECK (rows >= 0),
    bytes       bigint NOT NULL CHECK (bytes >= 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    removed_at  timestamptz                  -- set when compaction replaced the file
);
CREATE INDEX lake_file_partition_idx ON lake_file (dataset, sensor_type, event_date, event_hour) WHERE removed_at IS NULL;
