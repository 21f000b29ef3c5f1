"""Daily maintenance in SQL (parameterised only): retention of the serving tables and the data-quality report."""

from __future__ import annotations

import logging
from contextlib import closing
from datetime import date, datetime, timedelta

from citypulse_common.settings import SENSOR_TYPES, Platform

log = logging.getLogger(__name__)

DELETE_BATCH = 50_000  # bounded transactions: the speed layer keeps upserting while we purge


def connect(p: Platform):
    import psycopg2

    return closing(psycopg2.connect(**p.db_connect_kwargs()))


def _delete_in_batches(conn, sql: str, params: tuple) -> int:
    total = 0
    while True:
        with conn.cursor() as cur:
            cur.execute(sql, (*params, DELETE_BATCH))
            deleted = cur.rowcount
        conn.commit()
        total += deleted
        if deleted < DELETE_BATCH:
            return total


def purge_realtime_views(conn, margin_hours: int) -> int:
    """Deletes minute aggregates older than the batch horizon minus the margin; none while no horizon exists."""
    return _delete_in_batches(conn, """
        DELETE FROM rt_minute_aggregate WHERE ctid IN (
            SELECT a.ctid FROM rt_minute_aggregate a, batch_horizon h
            WHERE h.id = 1 AND a.minute_start < h.horizon - make_interval(hours => %s)
            LIMIT %s)""", (margin_hours,))


def purge_anomalies(conn, ttl_days: int, now: datetime) -> int:
    """Deletes anomalies whose window started more than ttl_days before `now` (the run's time: re-runs agree)."""
    return _delete_in_batches(conn, """
        DELETE FROM anomaly WHERE anomaly_id IN (
            SELECT anomaly_id FROM anomaly WHERE window_start < %s LIMIT %s)""", (now - timedelta(days=ttl_days),))


def lake_retention_candidates(conn, ttl_days: int, day: date) -> list[tuple]:
    """Quarantine partitions older than the TTL: (sensor_type, files, rows, bytes). Reported, not deleted (README)."""
    with conn.cursor() as cur:
        cur.execute("""
            SELECT sensor_type, count(*), coalesce(sum(rows), 0), coalesce(sum(bytes), 0) FROM lake_file
            WHERE dataset = 'quarantine' AND removed_at IS NULL AND event_date < %s
            GROUP BY sensor_type ORDER BY sensor_type""", (day - timedelta(days=ttl_days),))
        return cur.fetchall()


INGEST_FIGURES = """
    SELECT split_part(r.topic, '.', 3) AS sensor_type, sum(r.records), sum(r.rows_written),
           sum(r.rows_quarantined), sum(r.duplicates_dropped)
    FROM ingest_range r JOIN ingest_run u ON u.run_id = r.run_id
    WHERE u.job = 'ingest' AND u.status = 'committed'
      AND u.finished_at >= %(day)s::timestamp AT TIME ZONE 'UTC'
      AND u.finished_at < (%(day)s::timestamp + interval '1 day') AT TIME ZONE 'UTC'
    GROUP BY 1"""

LIVE_EVENT_FILES = """
    SELECT sensor_type, path, rows FROM lake_file
    WHERE dataset = 'events' AND removed_at IS NULL AND event_date = %(day)s ORDER BY path"""

# Readings sensors numbered but never sent, from the hours reconcile has settled (sequence_gap_hourly, V5).
MISSING_READINGS = """
    SELECT sensor_type, sum(missing_readings) FROM sequence_gap_hourly
    WHERE hour_start >= %(day)s::timestamp AT TIME ZONE 'UTC'
      AND hour_start < (%(day)s::timestamp + interval '1 day') AT TIME ZONE 'UTC'
    GROUP BY 1"""

UPSERT_REPORT = """
    INSERT INTO data_quality_report (report_date, sensor_type, records, rows_written, rows_quarantined,
        duplicates_dropped, quarantine_rate, duplicate_rate, lake_rows, late_rows, late_rate, late_threshold_seconds,
        missing_readings)
    VALUES (%(report_date)s, %(sensor_type)s, %(records)s, %(rows_written)s, %(rows_quarantined)s,
        %(duplicates_dropped)s, %(quarantine_rate)s, %(duplicate_rate)s, %(lake_rows)s, %(late_rows)s, %(late_rate)s,
        %(late_threshold_seconds)s, %(missing_readings)s)
    ON CONFLICT (report_date, sensor_type) DO UPDATE SET
        records = EXCLUDED.records, rows_written = EXCLUDED.rows_written, rows_quarantined = EXCLUDED.rows_quarantined,
        duplicates_dropped = EXCLUDED.duplicates_dropped, quarantine_rate = EXCLUDED.quarantine_rate,
        duplicate_rate = EXCLUDED.duplicate_rate, lake_rows = EXCLUDED.lake_rows, late_rows = EXCLUDED.late_rows,
        late_rate = EXCLUDED.late_rate, late_threshold_seconds = EXCLUDED.late_threshold_seconds,
        missing_readings = EXCLUDED.missing_readings, computed_at = now()"""


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def count_late_rows(s3, bucket: str, path: str, threshold_seconds: int) -> int:
    """Rows of one lake file that reached Kafka more than the threshold after their event time."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    key = path.split("://", 1)[1].split("/", 1)[1] if "://" in path else path
    late = 0
    with s3.open_input_file(f"{bucket}/{key}") as f:
        for batch in pq.ParquetFile(f).iter_batches(columns=["event_time_ms", "kafka_timestamp"], batch_size=65_536):
            delay = pc.milliseconds_between(batch.column(0), batch.column(1))
            late += pc.sum(pc.greater(delay, threshold_seconds * 1000)).as_py() or 0
    return late


def quality_report(conn, s3, bucket: str, day: date, late_threshold_seconds: int) -> list[dict]:
    """Computes, stores (upsert) and returns the report rows of `day`, one per sensor type."""
    with conn.cursor() as cur:
        cur.execute(INGEST_FIGURES, {"day": day})
        ingest = {row[0]: row[1:] for row in cur.fetchall()}
        cur.execute(LIVE_EVENT_FILES, {"day": day})
        files = cur.fetchall()
        cur.execute(MISSING_READINGS, {"day": day})
        missing = {t: int(n) for t, n in cur.fetchall()}
    lake_rows = {t: 0 for t in SENSOR_TYPES}
    late_rows = {t: 0 for t in SENSOR_TYPES}
    for sensor_type, path, rows in files:
        lake_rows[sensor_type] = lake_rows.get(sensor_type, 0) + rows
        late_rows[sensor_type] = late_rows.get(sensor_type, 0) + count_late_rows(s3, bucket, path, late_threshold_seconds)
    report = []
    for t in SENSOR_TYPES:
        records, written, quarantined, duplicates = (int(v or 0) for v in ingest.get(t, (0, 0, 0, 0)))
        report.append({
            "report_date": day, "sensor_type": t, "records": records, "rows_written": written,
            "rows_quarantined": quarantined, "duplicates_dropped": duplicates,
            "quarantine_rate": _rate(quarantined, records), "duplicate_rate": _rate(duplicates, records),
            "lake_rows": lake_rows[t], "late_rows": late_rows[t], "late_rate": _rate(late_rows[t], lake_rows[t]),
            "late_threshold_seconds": late_threshold_seconds, "missing_readings": missing.get(t),
        })
    with conn.cursor() as cur:
        cur.executemany(UPSERT_REPORT, report)
    conn.commit()
    return report


def format_report(report: list[dict]) -> str:
    def pct(v):
        return "-" if v is None else f"{100 * v:.3f}%"

    lines = [f"{'type':<8} {'records':>10} {'written':>10} {'quarant.':>9} {'dupes':>8} {'q-rate':>9} {'dup-rate':>9} "
             f"{'lake rows':>10} {'late':>8} {'late-rate':>9} {'missing':>8}"]
    for r in report:
        lines.append(f"{r['sensor_type']:<8} {r['records']:>10} {r['rows_written']:>10} {r['rows_quarantined']:>9} "
                     f"{r['duplicates_dropped']:>8} {pct(r['quarantine_rate']):>9} {pct(r['duplicate_rate']):>9} "
                     f"{r['lake_rows']:>10} {r['late_rows']:>8} {pct(r['late_rate']):>9} "
                     f"{'-' if r['missing_readings'] is None else r['missing_readings']:>8}")
    return "\n".join(lines)
