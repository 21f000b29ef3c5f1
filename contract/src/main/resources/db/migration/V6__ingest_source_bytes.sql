-- CityPulse serving database, version 6: the Kafka value bytes each ingested range read, so that the lake's
-- compression (source bytes over the Parquet bytes the ingest wrote) can be served. Null for earlier ranges.
ALTER TABLE ingest_range ADD COLUMN source_bytes bigint CHECK (source_bytes >= 0);
